/**
 * The table of contents of a zip archive, with the absolute byte offset of each entry's data.
 *
 * torch.save writes its zip archives with every member stored (not deflated), so a tensor's
 * bytes can be read straight from the file at an offset: nothing has to be inflated or held
 * in memory whole. yauzl (a well-kept zip reader) parses the central directory, zip64
 * included; the local headers it does not expose are read here to find where data starts.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import yauzl from 'yauzl';
import { CheckpointError } from './checkpoint-error';

export interface ZipMember {
  readonly name: string;
  /** 0 = stored, 8 = deflated. */
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  /** Absolute offset of the member's (compressed) data in the file. */
  readonly dataOffset: number;
}

const LOCAL_HEADER_SIGNATURE = 0x04034b50;

function listCentralDirectory(path: string, label: string): Promise<Array<Omit<ZipMember, 'dataOffset'> & { header: number }>> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, decodeStrings: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) {
        reject(new CheckpointError(label, `is not a complete zip archive (truncated download, or not a PyTorch checkpoint): ${err?.message ?? 'unreadable'}`));
        return;
      }
      const out: Array<Omit<ZipMember, 'dataOffset'> & { header: number }> = [];
      zip.on('entry', (e: yauzl.Entry) => {
        out.push({ name: e.fileName, method: e.compressionMethod, compressedSize: e.compressedSize, size: e.uncompressedSize, header: e.relativeOffsetOfLocalHeader });
        zip.readEntry();
      });
      zip.on('end', () => resolve(out));
      zip.on('error', (e: Error) => reject(new CheckpointError(label, `has a damaged zip directory: ${e.message}`)));
      zip.readEntry();
    });
  });
}

/** Every member of the archive by name, with data offsets checked against the file's length. */
export async function readZipIndex(path: string, label: string): Promise<Map<string, ZipMember>> {
  const members = await listCentralDirectory(path, label);
  const fd = openSync(path, 'r');
  try {
    const fileSize = fstatSync(fd).size;
    const header = Buffer.alloc(30);
    const index = new Map<string, ZipMember>();
    for (const m of members) {
      if (readSync(fd, header, 0, 30, m.header) !== 30 || header.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE) {
        throw new CheckpointError(label, `has a damaged zip entry '${m.name}' (no local header at byte ${m.header})`);
      }
      const dataOffset = m.header + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
      if (dataOffset + m.compressedSize > fileSize) {
        throw new CheckpointError(label, `is truncated: entry '${m.name}' ends at byte ${dataOffset + m.compressedSize}, the file has ${fileSize}`);
      }
      index.set(m.name, { name: m.name, method: m.method, compressedSize: m.compressedSize, size: m.size, dataOffset });
    }
    return index;
  } finally {
    closeSync(fd);
  }
}

/** The whole (small) member, inflated when needed: used for the pickle, never for tensor data. */
export async function readZipMember(path: string, member: ZipMember, label: string): Promise<Buffer> {
  if (member.method === 0) {
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(member.size);
      const n = readSync(fd, buf, 0, member.size, member.dataOffset);
      if (n !== member.size) throw new CheckpointError(label, `is truncated inside '${member.name}'`);
      return buf;
    } finally {
      closeSync(fd);
    }
  }
  if (member.method !== 8) throw new CheckpointError(label, `entry '${member.name}' uses zip compression method ${member.method}, which PyTorch never writes`);
  const { inflateRawSync } = await import('node:zlib');
  const fd = openSync(path, 'r');
  try {
    const raw = Buffer.alloc(member.compressedSize);
    readSync(fd, raw, 0, member.compressedSize, member.dataOffset);
    const out = inflateRawSync(raw);
    if (out.length !== member.size) throw new CheckpointError(label, `entry '${member.name}' inflates to ${out.length} bytes, the directory says ${member.size}`);
    return out;
  } finally {
    closeSync(fd);
  }
}
