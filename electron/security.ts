/**
 * The desktop window's guard rails, as data so a test can hold them to account (Electron itself cannot
 * start on a machine without its binary): an isolated, sandboxed renderer with no Node, and IPC
 * answered only for our own page in the top frame.
 */
export const SECURE_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
});

/** The IPC channel run events are pushed on; requests use the contract's channel names. */
export const EVENT_CHANNEL = 'mlc:event';

export interface SenderFrame {
  readonly url: string;
  /** Whether the frame is the window's top frame (no iframe may call the host). */
  readonly top: boolean;
}

/** Our page and nothing else: the exact file URL of the studio's index.html, query and hash aside. */
export function isTrustedSender(frame: SenderFrame | null | undefined, studioPageUrl: string): boolean {
  if (!frame || !frame.top) return false;
  try {
    const url = new URL(frame.url);
    const expected = new URL(studioPageUrl);
    return (
      url.protocol === 'file:' &&
      url.protocol === expected.protocol &&
      url.host === expected.host &&
      url.pathname === expected.pathname
    );
  } catch {
    return false;
  }
}
