// Runs openssl (or another command line tool: Java's keytool, bash) on files written for the call,
// for tests that check what another implementation (WebCrypto, pkijs, a generated script) made.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ToolRun {
  stdout: string;
  /** openssl prints some reports (pkcs12 -info) there. */
  stderr: string;
  /** The folder the files were written to (the command's working directory). */
  dir: string;
}

export interface ToolOptions {
  /** Added to the environment; `{dir}` in PATH stands for the folder of the files. */
  env?: Record<string, string>;
  /** Files to make executable (a tool written for the call). */
  executable?: string[];
}

/**
 * Writes `files` (name -> content) to a fresh folder and runs `command ...args` there. Throws with
 * the tool's standard error when it exits with another status than 0.
 */
export function runTool(
  command: string,
  args: string[],
  files: Record<string, string | Uint8Array> = {},
  options: ToolOptions = {},
): ToolRun {
  const dir = mkdtempSync(join(tmpdir(), 'chaman-tool-run-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  for (const name of options.executable ?? []) chmodSync(join(dir, name), 0o755);
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  if (options.env?.PATH) env.PATH = options.env.PATH.replace('{dir}', dir);
  const r = spawnSync(command, args, { cwd: dir, encoding: 'utf8', env });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (status ${r.status}): ${r.stderr.trim()}${r.stdout.trim()}`,
    );
  }
  return { stdout: r.stdout, stderr: r.stderr, dir };
}

export const runOpenssl = (args: string[], files: Record<string, string | Uint8Array> = {}) =>
  runTool('openssl', args, files);

/** Whether a command can be run here (keytool is installed only where Java is). */
export function hasTool(command: string): boolean {
  return !spawnSync(command, ['-help'], { encoding: 'utf8' }).error;
}
