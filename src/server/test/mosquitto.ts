import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../scripts/net.mjs';

/** Debian's Mosquitto (`npm test` installs it): the external broker several instances share. */
export const MOSQUITTO = process.env.TALSINKI_MOSQUITTO || '/usr/sbin/mosquitto';

export interface RunningMosquitto {
  url: string;
  stop(): Promise<void>;
}

/** A Mosquitto of its own on a free loopback port, anonymous, up once it says it runs. */
export async function startMosquitto(): Promise<RunningMosquitto> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'talsinki-mosquitto-'));
  const config = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(config, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  const child = spawn(MOSQUITTO, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const read = (chunk: Buffer) => {
      output += chunk;
      if (output.includes(' running')) resolve();
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`mosquitto exited (${code}) before running:\n${output}`)));
  });
  return {
    url: `mqtt://127.0.0.1:${port}`,
    async stop() {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
