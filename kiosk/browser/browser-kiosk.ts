import { Kiosk, type KioskOptions, type ReaderSource } from '../core/index.ts';
import { startBrowserKioskServer } from './server.ts';

export interface BrowserKioskOptions {
  dataDir: string;
  /** the built renderer */
  uiDir: string;
  port?: number;
  /** where taps come from: PcscReaders on a real kiosk, an in-memory source in tests; none: no taps */
  readerSource?: ReaderSource;
  /** anything else the core takes (clock, fetch, sync tuning), for tests and tools */
  kiosk?: Omit<KioskOptions, 'dataDir'>;
}

export interface BrowserKiosk {
  kiosk: Kiosk;
  /** the page to open (carries this launch's token) */
  url: string;
  close(): Promise<void>;
}

/** A kiosk core in `dataDir`, its readers and the browser-mode host in front of it. */
export async function startBrowserKiosk(options: BrowserKioskOptions): Promise<BrowserKiosk> {
  const kiosk = await Kiosk.open({ ...options.kiosk, dataDir: options.dataDir });
  try {
    const server = await startBrowserKioskServer({
      kiosk,
      uiDir: options.uiDir,
      ...(options.port !== undefined && { port: options.port }),
      ...(options.kiosk?.onError && { onError: options.kiosk.onError }),
    });
    const detach = options.readerSource ? kiosk.attachReaders(options.readerSource) : () => undefined;
    return {
      kiosk,
      url: server.url,
      async close() {
        detach();
        await server.close();
        await kiosk.close();
      },
    };
  } catch (error) {
    await kiosk.close();
    throw error;
  }
}
