import { spawn } from 'node:child_process';

/** `as` runs the command as another user (uid/gid), used when the stack is started by root. */
export type ExecOptions = { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; as?: RunAs };
export type RunAs = { uid: number; gid: number };

/** Runs a command to completion; resolves with stdout, rejects with the command line and its stderr. */
export function exec(command: string, args: readonly string[], options: ExecOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      ...(options.as ? { uid: options.as.uid, gid: options.as.gid } : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve(Buffer.concat(out).toString('utf8'));
      const stderr = Buffer.concat(err).toString('utf8').trim() || Buffer.concat(out).toString('utf8').trim();
      reject(
        new Error(
          `${command} ${args.join(' ')} exited with ${code}${stderr ? `:\n${stderr.slice(-2000)}` : ''}`,
        ),
      );
    });
    if (options.input !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined); // the child may exit before reading it all
      child.stdin.end(options.input);
    }
  });
}
