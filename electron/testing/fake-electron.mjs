// A stand-in for the `electron` module, for testing the bundled main process on machines where the
// Electron binary cannot be downloaded. It records what main asks of Electron and lets the test call
// the IPC handlers main registered, as a page would. Only the parts main uses exist.
export const recorded = { handlers: new Map(), windows: [], sandbox: false, permissionHandler: undefined };

export const app = {
  isPackaged: false,
  enableSandbox() {
    recorded.sandbox = true;
  },
  whenReady() {
    return Promise.resolve();
  },
  getPath() {
    return process.cwd();
  },
  on() {},
  quit() {},
};
export const ipcMain = {
  handle(channel, handler) {
    recorded.handlers.set(channel, handler);
  },
};
export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler) {
      recorded.permissionHandler = handler;
    },
  },
};
export const dialog = {
  showMessageBoxSync() {
    return 1;
  },
};
export const shell = {
  openExternal(url) {
    recorded.opened = [...(recorded.opened ?? []), url];
    return Promise.resolve();
  },
};
export class BrowserWindow {
  static getAllWindows() {
    return recorded.windows;
  }
  constructor(options) {
    this.options = options;
    this.loaded = undefined;
    this.sent = [];
    this.webContents = {
      mainFrame: { url: 'about:blank' },
      setWindowOpenHandler: (handler) => {
        this.windowOpenHandler = handler;
      },
      on: () => {},
      send: (channel, data) => this.sent.push({ channel, data }),
    };
    recorded.windows.push(this);
  }
  loadFile(path) {
    this.loaded = path;
    this.webContents.mainFrame.url = new URL(`file://${path}`).href;
    return Promise.resolve();
  }
}
export const contextBridge = { exposeInMainWorld() {} };
export const ipcRenderer = {};
export default { app, ipcMain, session, dialog, shell, BrowserWindow, contextBridge, ipcRenderer };
