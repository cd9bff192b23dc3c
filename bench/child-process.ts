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

/**
 * In a child started by `runInChildProcess`: the value of each `--flag value`
 * pair on the command line, or undefined when no `--case` was given (the file
 * was run by hand, to print every case).
 */
export function childCaseArguments(): Record<string, string> | undefined {
  const args = process.argv.slice(2);
  if (!args.includes('--case')) {
    return undefined;
  }
  const values: Record<string, string> = {};
  for (let i = 0; i + 1 < args.length; i += 2) {
    values[args[i].replace(/^--/, '')] = args[i + 1];
  }
  return values;
}
