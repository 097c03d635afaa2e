import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/**
 * One file's bytes out of a zip, for tests: reads the central directory and inflates the entry.
 * Enough for the archives WXT writes (stored or deflated, no zip64, no encryption); nothing in
 * node_modules reads zips (WXT's @aklinker1/zero-zip only writes them).
 */
export function readZipEntry(zipPath: string, name: string): Buffer | null {
  return readZip(zipPath).get(name) ?? null;
}

/** Every file in a zip by name (same limits as {@link readZipEntry}): for listing and unpacking archives in checks. */
export function readZip(zipPath: string): Map<string, Buffer> {
  const zip = readFileSync(zipPath);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error(`${zipPath} is not a zip`);
  const files = new Map<string, Buffer>();
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${zipPath}: broken central directory`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const start = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(start, start + compressedSize);
    if (method !== 0 && method !== 8) throw new Error(`${zipPath}: ${name} uses compression method ${method}`);
    files.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return files;
}
