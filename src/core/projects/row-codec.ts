/**
 * Exact binary images of SQLite rows, for undo history. A row image must restore the
 * row bit for bit, so BLOBs are stored raw (not base64) and doubles that JSON cannot
 * carry (-0, NaN, ±Infinity) are stored by their IEEE bits.
 *
 * Layout: u32 LE length of a UTF-8 JSON head, the head, then the BLOB bytes. The head is
 * an array of [column, tag, value]: n = NULL, s = text, i = JSON number, d = float64
 * bits as hex, g = bigint as decimal text, b = [offset, length] into the BLOB area.
 */

export type SqlValue = null | number | bigint | string | Buffer;
export type Row = Record<string, SqlValue>;

type Cell = [string, 'n', null] | [string, 's', string] | [string, 'i', number] | [string, 'd', string] | [string, 'g', string] | [string, 'b', [number, number]];

export function encodeRow(row: Row): Buffer {
  const head: Cell[] = [];
  const blobs: Buffer[] = [];
  let offset = 0;
  for (const [col, v] of Object.entries(row)) {
    if (v === null) head.push([col, 'n', null]);
    else if (typeof v === 'string') head.push([col, 's', v]);
    else if (typeof v === 'bigint') head.push([col, 'g', v.toString()]);
    else if (typeof v === 'number') {
      if (Number.isFinite(v) && !Object.is(v, -0)) head.push([col, 'i', v]);
      else {
        const b = Buffer.alloc(8);
        b.writeDoubleBE(v);
        head.push([col, 'd', b.toString('hex')]);
      }
    } else if (Buffer.isBuffer(v)) {
      head.push([col, 'b', [offset, v.length]]);
      blobs.push(v);
      offset += v.length;
    } else {
      throw new TypeError(`row codec: column ${col} has unsupported value type ${typeof v}`);
    }
  }
  const json = Buffer.from(JSON.stringify(head), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  return Buffer.concat([len, json, ...blobs]);
}

export function decodeRow(image: Buffer): Row {
  const jsonLen = image.readUInt32LE(0);
  const head = JSON.parse(image.subarray(4, 4 + jsonLen).toString('utf8')) as Cell[];
  const base = 4 + jsonLen;
  const row: Row = {};
  for (const cell of head) {
    switch (cell[1]) {
      case 'n':
        row[cell[0]] = null;
        break;
      case 's':
      case 'i':
        row[cell[0]] = cell[2];
        break;
      case 'g':
        row[cell[0]] = BigInt(cell[2]);
        break;
      case 'd':
        row[cell[0]] = Buffer.from(cell[2], 'hex').readDoubleBE(0);
        break;
      case 'b':
        // Copy out so the row does not pin the whole image buffer.
        row[cell[0]] = Buffer.from(image.subarray(base + cell[2][0], base + cell[2][0] + cell[2][1]));
        break;
    }
  }
  return row;
}
