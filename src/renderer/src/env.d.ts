import type { PreloadBridge } from '../../shared/contract';

declare global {
  interface Window {
    /** Present only inside the Electron shell, where the preload exposes the contract over IPC. */
    pulse?: PreloadBridge;
  }
}

export {};
