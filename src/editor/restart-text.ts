// How to restart Node-RED after a settings.js edit, in the editor's language: the server names the kind
// of restart it found (src/settings-file/restart.ts) and its command; its English text is the fallback.

/** A text of the sidebar's catalogue (the same shape as the editor's Translate in ./i18n). */
type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The restart advice as the settings.js edit endpoints answer it. */
export interface RestartAnswer {
  kind?: string;
  text: string;
  command?: string;
}

const KINDS = ["pm2", "docker", "raspberry-pi", "systemd", "terminal"];

/** "restartHow.<kind>" of the sidebar's catalogue, with the command filled in. */
export function restartText(t: Translate, restart: RestartAnswer): string {
  if (restart.kind === undefined || !KINDS.includes(restart.kind)) return restart.text;
  return t(`restartHow.${restart.kind}`, { command: restart.command ?? "" });
}
