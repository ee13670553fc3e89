// Looks up the sidebar's strings in its locale catalogue (plugins/locales/<lang>/security-sidebar.json).

export const NAMESPACE = "node-red-contrib-security/security-sidebar";

export type Translate = (key: string, options?: Record<string, unknown>) => string;

export function translator(RED: Pick<RedEditor, "_">): Translate {
  return (key, options) => RED._(`${NAMESPACE}:${key}`, options);
}
