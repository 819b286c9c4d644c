/**
 * The desktop app's main process: one window on the built studio, the studio API on IPC (one channel
 * per contract method, every payload validated here and the sender checked), run events pushed to the
 * window, and the engine running in this process exactly as in the web host. Secrets go in through
 * `connections.setSecret` and never come back out: every answer is scrubbed.
 */
import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  chosenStateDir,
  createStudioServices,
  defaultSecretResolver,
  scrubbedData,
  secretRegistry,
} from '../engine/host/index.ts';
import { allChannels, channelName, validateRequest, type ChannelMap, type Method } from '../renderer/api/contract.ts';
import { createIpcHandler } from './ipc-handler.ts';
import { EVENT_CHANNEL, SECURE_WEB_PREFERENCES } from './security.ts';

// Bundled to out/electron/main.mjs; the studio and the examples are found from the app's root.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STUDIO_PAGE = join(ROOT, 'dist', 'renderer', 'index.html');
const log = (line: string) => process.stderr.write(`${secretRegistry.scrub(line)}\n`);

let window: BrowserWindow | undefined;

function startServices(): ChannelMap {
  // Relative pipeline paths resolve where the app was started from; a packaged app starts in Documents.
  const cwd = app.isPackaged ? app.getPath('documents') : process.cwd();
  // Each pipeline's state lives beside its file, where `ml-connector run` finds it too, unless
  // $ML_CONNECTOR_STATE names one folder for all.
  const stateDir = chosenStateDir(undefined, process.env, cwd);
  return createStudioServices({
    cwd,
    ...(stateDir === undefined ? {} : { stateDir }),
    examplesDir: join(ROOT, 'assets', 'examples'),
    secrets: defaultSecretResolver(),
    registry: secretRegistry,
    // The sign-ins' HTTPS redirect certificate, made once and kept with the app's own data.
    signInCertificateDir: join(app.getPath('userData'), 'sign-in'),
    publish: (event) => window?.webContents.send(EVENT_CHANNEL, scrubbedData(secretRegistry, event)),
    // The window opens no other window, so an OAuth sign-in page (connections.signIn) goes to the system browser.
    openExternal: (url) => shell.openExternal(url),
  });
}

function registerIpc(services: ChannelMap): void {
  const handle = createIpcHandler({
    validate: validateRequest,
    services,
    registry: secretRegistry,
    log,
    studioPageUrl: pathToFileURL(STUDIO_PAGE).href,
  });
  for (const { domain, method } of allChannels()) {
    ipcMain.handle(channelName(domain, method as Method<typeof domain>), (event, payload: unknown) => {
      const frame = event.senderFrame;
      const top = frame !== null && frame === event.sender.mainFrame;
      return handle(frame ? { url: frame.url, top } : null, domain, method, payload);
    });
  }
}

function openWindow(): BrowserWindow {
  const created = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'ml-connector studio',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: join(ROOT, 'out', 'electron', 'preload.cjs') },
  });
  // The studio never navigates or opens windows; anything that tries is refused.
  created.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  created.webContents.on('will-navigate', (event) => event.preventDefault());
  // The page's beforeunload asks when there are unsaved changes; the question is asked here, natively.
  created.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(created, {
      type: 'question',
      buttons: ['Discard changes', 'Keep editing'],
      defaultId: 1,
      cancelId: 1,
      message: 'This pipeline has changes that are not saved.',
      detail: 'Close the studio and discard them?',
    });
    if (choice === 0) event.preventDefault();
  });
  void created.loadFile(STUDIO_PAGE);
  return created;
}

app.enableSandbox();
void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  registerIpc(startServices());
  window = openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = openWindow();
  });
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
