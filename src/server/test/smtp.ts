import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

/** A message as the test SMTP server took it: its recipients and its raw text. */
export interface ReceivedMail {
  to: string[];
  raw: string;
}

export interface TestSmtpOptions {
  /**
   * Called when a message has been read whole; the server answers the client only when the
   * returned promise settles, so a test can hold a sender mid-batch on a signal it controls.
   */
  onMessage?(mail: ReceivedMail, session: SMTPServerSession): void | Promise<void>;
  /** Refuse a recipient: answer with this SMTP code and text (e.g. 450, to be retried). */
  refuse?(address: SMTPServerAddress): { code: number; message: string } | undefined;
}

export interface TestSmtp {
  /** `smtp://127.0.0.1:port`, for `SMTP_URL` or `createTransport`. */
  url: string;
  close(): Promise<void>;
}

/** A real SMTP server on loopback (smtp-server, no TLS, no authentication) for delivery tests. */
export async function startTestSmtp(options: TestSmtpOptions = {}): Promise<TestSmtp> {
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const refusal = options.refuse?.(address);
      if (!refusal) return callback();
      callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        const mail = { to: session.envelope.rcptTo.map((r) => r.address), raw };
        Promise.resolve(options.onMessage?.(mail, session)).then(() => callback(), callback);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
