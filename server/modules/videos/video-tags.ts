/** Tags are stored lowercase and once each. */
export const normalizeTags = (tags: string[] | undefined): string[] => [
  ...new Set((tags ?? []).map((tag) => tag.toLowerCase())),
];
