import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './bridge';

// The renderer sees `window.pulse` and nothing else: the contract's methods and events.
contextBridge.exposeInMainWorld('pulse', buildBridge(ipcRenderer));
