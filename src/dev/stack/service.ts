import { createConnection } from 'node:net';
import type { RunAs } from '../../util/exec.ts';
import type { StackSettings } from './settings.ts';

export type ServiceStatus = {
  name: string;
  running: boolean;
  pid: number | undefined;
  address: string;
  logFile: string;
};

/** One server of the local stack. Every step is idempotent: `start` on a running service is a no-op. */
export interface StackService {
  readonly name: string;
  readonly address: string;
  /** Downloads, unpacks and initialises whatever is missing. */
  prepare(): Promise<void>;
  /** Starts the server if it is not running and resolves once it answers real requests. */
  start(): Promise<'started' | 'already running'>;
  stop(): Promise<'stopped' | 'not running'>;
  /** kill -9 of one node (from 0) of a clustered service, the others left running: a crash, for fault tests. */
  kill?(node: number): Promise<void>;
  status(): Promise<ServiceStatus>;
}

export type StackContext = { settings: StackSettings; runAs: RunAs | undefined };

/** True when something accepts TCP connections on host:port. */
export function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Refuses to start a server on a port another process holds, naming the variable that moves it. */
export async function assertPortFree(host: string, port: number, variable: string): Promise<void> {
  if (await portOpen(host, port)) {
    throw new Error(`port ${port} on ${host} is taken by another process; free it or set ${variable}`);
  }
}
