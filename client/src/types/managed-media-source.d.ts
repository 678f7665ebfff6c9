// Safari's ManagedMediaSource (iOS 17.1+), which hls.js uses where MediaSource is missing.
interface Window {
  ManagedMediaSource?: typeof MediaSource;
}
