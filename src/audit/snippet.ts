// Fills the placeholders of a finding's settings.js snippet. No Node.js imports: the sidebar uses it too.

export interface SnippetValues {
  /** A bcrypt hash the user made; left as a visible placeholder when absent. */
  readonly hash?: string;
  /** A fresh random secret. */
  readonly secret?: string;
}

export const HASH_PLACEHOLDER = "{{HASH}}";
export const SECRET_PLACEHOLDER = "{{SECRET}}";

export function fillSnippet(snippet: string, values: SnippetValues, missingHash: string): string {
  return snippet
    .split(HASH_PLACEHOLDER)
    .join(values.hash ?? missingHash)
    .split(SECRET_PLACEHOLDER)
    .join(values.secret ?? "<a long random string>");
}

export function needsHash(snippet: string | undefined): boolean {
  return snippet?.includes(HASH_PLACEHOLDER) ?? false;
}
