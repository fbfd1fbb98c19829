import { describe, expect, it } from 'vitest';
import { buildOrthancConfig } from '../../tools/orthanc/config';

describe('buildOrthancConfig', () => {
  const config = buildOrthancConfig({ port: 12345, storageDir: '/tmp/store', username: 'u', password: 'p' });

  it('is a private, authenticated HTTP-only PACS on the given port and store', () => {
    expect(config).toMatchObject({
      HttpPort: 12345,
      RemoteAccessAllowed: false,
      AuthenticationEnabled: true,
      RegisteredUsers: { u: 'p' },
      DicomServerEnabled: false,
      StorageDirectory: '/tmp/store',
      IndexDirectory: '/tmp/store',
      OverwriteInstances: true,
    });
  });

  it('serves DICOMweb at /dicom-web/ with full metadata', () => {
    expect(config.DicomWeb).toMatchObject({ Enable: true, Root: '/dicom-web/', StudiesMetadata: 'Full' });
  });

  it("leaves all but JPEG 2000 to Orthanc's own decoders (DCMTK)", () => {
    expect(config.Gdcm).toMatchObject({
      RestrictTransferSyntaxes: ['1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91', '1.2.840.10008.1.2.4.92', '1.2.840.10008.1.2.4.93'],
    });
  });

  it('lists only plugins that exist', () => {
    const none = buildOrthancConfig({ port: 1, storageDir: '/x', username: 'u', password: 'p', pluginDir: '/nonexistent' });
    expect(none.Plugins).toEqual([]);
  });

  it('keeps the SQLite index when no PostgreSQL is given', () => {
    expect(config).not.toHaveProperty('PostgreSQL');
  });

  it('puts the index in PostgreSQL for several writers when given one, files stay in the storage dir', () => {
    const postgres = { host: '127.0.0.1', port: 5433, database: 'orthanc', user: 'orthanc', password: 'secret' };
    const onPostgres = buildOrthancConfig({ port: 1, storageDir: '/shared', username: 'u', password: 'p', pluginDir: '/nonexistent', postgres });
    // Listed even when missing, so Orthanc fails loudly instead of falling back to SQLite.
    expect(onPostgres.Plugins).toEqual(['/nonexistent/libOrthancPostgreSQLIndex.so']);
    expect(onPostgres.StorageDirectory).toBe('/shared');
    expect(onPostgres.PostgreSQL).toMatchObject({
      EnableIndex: true,
      EnableStorage: false,
      Lock: false,
      Host: '127.0.0.1',
      Port: 5433,
      Database: 'orthanc',
      Username: 'orthanc',
      Password: 'secret',
    });
  });
});
