import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  /** smtp://user:secret@127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  port: number;
  /** Every mail received so far, parsed, in order of arrival. */
  mails: ParsedMail[];
  /** Resolves once `count` mails have arrived (those already there included); rejects after `ms`. */
  waitFor(count: number, ms?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export const SMTP_USER = 'chaman';
export const SMTP_PASSWORD = 'mail-secret';

/**
 * A real SMTP server on 127.0.0.1 that requires the credentials of its URL and keeps what it
 * receives: for the mail tests, and for the harnesses that start the server in production mode,
 * which requires SMTP_URL. `port` 0: any free port.
 */
export async function startSmtpSink(port = 0): Promise<SmtpSink> {
  const mails: ParsedMail[] = [];
  const waiting = new Set<() => void>();
  const server = new SMTPServer({
    // Plain SMTP on loopback: STARTTLS would offer a self-signed certificate that nodemailer rightly refuses.
    disabledCommands: ['STARTTLS'],
    // A client that offers credentials must offer these; one without (an SMTP_URL without user) is let in.
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          for (const wake of waiting) wake();
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  // A harness that forgets to close it does not keep its process alive.
  server.server.unref();
  const address = server.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${bound}`,
    port: bound,
    mails,
    waitFor(count, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (mails.length < count) return;
          clearTimeout(timer);
          waiting.delete(check);
          resolve(mails);
        };
        const timer = setTimeout(() => {
          waiting.delete(check);
          reject(new Error(`${mails.length} of ${count} mails arrived within ${ms} ms`));
        }, ms);
        waiting.add(check);
        check();
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
