/** Opens a URL in the user's browser, best effort: never throws and never fails the command. */
import { spawn } from 'node:child_process';

/**
 * Tries `open` (macOS), `xdg-open` (Linux) or `start` (Windows). Returns true when a launcher started;
 * false when none is available (the caller prints the URL anyway).
 */
export async function openBrowser(url: string): Promise<boolean> {
  if (!/^https?:\/\//.test(url)) return false;
  const cmd = process.platform === 'darwin' ? ['open', url] : process.platform === 'win32' ? ['cmd', '/c', 'start', '""', url] : ['xdg-open', url];
  return new Promise<boolean>((resolve) => {
    try {
      const child = spawn(cmd[0]!, cmd.slice(1), { stdio: 'ignore', detached: true });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
