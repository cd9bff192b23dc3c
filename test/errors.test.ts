import * as fs from 'fs';
import * as path from 'path';
import { validationError } from './errors';

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? testFiles(file) : file.endsWith('.ts') ? [file] : [];
  });
}

describe('error assertions are exact', () => {
  test('no test passes a string to toThrow(), which would match any message containing it', () => {
    const offending = testFiles(__dirname).flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      return [...text.matchAll(/\.toThrow\(\s*['"`]/g)].map((match) => `${path.relative(__dirname, file)}:${text.slice(0, match.index).split('\n').length}`);
    });
    expect(offending).toEqual([]);
  });

  test('validationError matches the whole of aws-cdk-lib\'s message, and nothing longer or shorter', () => {
    const pattern = validationError('Stack/Thing', 'Thing is wrong (see [docs]).');
    expect('Validation failed with the following errors:\n  [Stack/Thing] Thing is wrong (see [docs]).').toMatch(pattern);
    expect('Validation failed with the following errors:\n  [Stack/Thing] Thing is wrong (see [docs]). And more.').not.toMatch(pattern);
    expect('Validation failed with the following errors:\n  [Stack/Thing] Thing is wrong').not.toMatch(pattern);
    expect('Validation failed with the following errors:\n  [Stack/Other] Thing is wrong (see [docs]).').not.toMatch(pattern);
  });
});
