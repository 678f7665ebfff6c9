/** PeerTube's numeric privacy ids. */
export enum VideoPrivacy {
  Public = 1,
  Unlisted = 2,
  Private = 3,
  Internal = 4,
}

/** PeerTube's numeric video states (the subset Shoal produces). */
export enum VideoState {
  Published = 1,
  ToTranscode = 2,
  TranscodingFailed = 7,
}

/** PeerTube 8's comments policy of a video. */
export enum VideoCommentPolicy {
  Enabled = 1,
  Disabled = 2,
  RequiresApproval = 3,
}

export const VIDEO_COMMENTS_POLICY_LABELS: Record<VideoCommentPolicy, string> = {
  [VideoCommentPolicy.Enabled]: 'Enabled',
  [VideoCommentPolicy.Disabled]: 'Disabled',
  [VideoCommentPolicy.RequiresApproval]: 'Requires approval',
};

export enum VideoStreamingPlaylistType {
  Hls = 1,
}

export const VIDEO_PRIVACY_LABELS: Record<VideoPrivacy, string> = {
  [VideoPrivacy.Public]: 'Public',
  [VideoPrivacy.Unlisted]: 'Unlisted',
  [VideoPrivacy.Private]: 'Private',
  [VideoPrivacy.Internal]: 'Internal',
};

export const VIDEO_STATE_LABELS: Record<VideoState, string> = {
  [VideoState.Published]: 'Published',
  [VideoState.ToTranscode]: 'To transcode',
  [VideoState.TranscodingFailed]: 'Transcoding failed',
};

/** Categories as PeerTube numbers them. */
export const VIDEO_CATEGORIES: Record<number, string> = {
  1: 'Music',
  2: 'Films',
  3: 'Vehicles',
  4: 'Art',
  5: 'Sports',
  6: 'Travels',
  7: 'Gaming',
  8: 'People',
  9: 'Comedy',
  10: 'Entertainment',
  11: 'News & Politics',
  12: 'How To',
  13: 'Education',
  14: 'Activism',
  15: 'Science & Technology',
  16: 'Animals',
  17: 'Kids',
  18: 'Food',
};

/** Licences as PeerTube numbers them. */
export const VIDEO_LICENCES: Record<number, string> = {
  1: 'Attribution',
  2: 'Attribution - Share Alike',
  3: 'Attribution - No Derivatives',
  4: 'Attribution - Non Commercial',
  5: 'Attribution - Non Commercial - Share Alike',
  6: 'Attribution - Non Commercial - No Derivatives',
  7: 'Public Domain Dedication',
};

/** A practical set of ISO 639-1 languages; PeerTube accepts the same codes. */
export const VIDEO_LANGUAGES: Record<string, string> = {
  ar: 'Arabic',
  ca: 'Catalan',
  cs: 'Czech',
  da: 'Danish',
  de: 'German',
  el: 'Greek',
  en: 'English',
  eo: 'Esperanto',
  es: 'Spanish',
  eu: 'Basque',
  fa: 'Persian',
  fi: 'Finnish',
  fr: 'French',
  ga: 'Irish',
  gl: 'Galician',
  he: 'Hebrew',
  hi: 'Hindi',
  hu: 'Hungarian',
  id: 'Indonesian',
  it: 'Italian',
  ja: 'Japanese',
  ko: 'Korean',
  nl: 'Dutch',
  no: 'Norwegian',
  oc: 'Occitan',
  pl: 'Polish',
  pt: 'Portuguese',
  ro: 'Romanian',
  ru: 'Russian',
  sk: 'Slovak',
  sv: 'Swedish',
  th: 'Thai',
  tr: 'Turkish',
  uk: 'Ukrainian',
  vi: 'Vietnamese',
  zh: 'Chinese',
};
