/**
 * Runs one benchmark case in a fresh Node process, so that its peak memory
 * (max RSS) is its own and not the sum of every case before it. The case
 * prints its result as JSON on its last line of stdout.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

export function runInChildProcess<T>(benchFile: string, args: string[]): T {
  const output = execFileSync('npx', ['ts-node', '--transpile-only', '--project', path.join(__dirname, '..', 'tsconfig.dev.json'),
    benchFile, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(output.trim().split('\n').pop()!);
}
