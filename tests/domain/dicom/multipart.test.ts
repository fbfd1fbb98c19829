import { describe, expect, it } from 'vitest';
import { boundaryOf, decodeMultipart, encodeMultipartRelated } from '../../../src/domain/dicom/multipart';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('multipart/related', () => {
  it.each([
    ['one part', [bytes(1, 2, 3)]],
    ['several parts', [bytes(0x44, 0x49, 0x43, 0x4d), bytes(), bytes(13, 10, 45, 45)]],
    ['payload containing CRLF and dashes', [new TextEncoder().encode('\r\n--not-the-boundary\r\n\r\n')]],
  ])('round-trips %s', (_, parts) => {
    const { contentType, body } = encodeMultipartRelated(parts, 'application/dicom', 'b0undary');
    expect(contentType).toBe('multipart/related; type="application/dicom"; boundary=b0undary');
    const boundary = boundaryOf(contentType);
    expect(boundary).toBe('b0undary');
    expect(decodeMultipart(body, boundary!).map((part) => [...part])).toEqual(parts.map((part) => [...part]));
  });

  it.each([
    ['multipart/related; type="application/octet-stream"; boundary="quoted-b"', 'quoted-b'],
    ['multipart/related;boundary=plain;type=x', 'plain'],
    ['application/json', undefined],
  ])('boundaryOf(%j)', (header, expected) => {
    expect(boundaryOf(header)).toBe(expected);
  });

  it('rejects a body without the boundary and a truncated body', () => {
    const encoder = new TextEncoder();
    expect(() => decodeMultipart(encoder.encode('no parts here'), 'b')).toThrow(/no boundary/);
    expect(() => decodeMultipart(encoder.encode('--b\r\nContent-Type: x\r\n\r\npartial payload'), 'b')).toThrow(/truncated/);
  });

  it('uses a fresh random boundary per body', () => {
    const first = boundaryOf(encodeMultipartRelated([bytes(1)], 'application/dicom').contentType);
    const second = boundaryOf(encodeMultipartRelated([bytes(1)], 'application/dicom').contentType);
    expect(first).toMatch(/^dokuei-[0-9a-f]{32}$/);
    expect(first).not.toBe(second);
  });
});
