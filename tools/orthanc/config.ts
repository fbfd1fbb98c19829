import { existsSync } from 'node:fs';

export const ORTHANC_BINARY = '/usr/sbin/Orthanc';
export const ORTHANC_PLUGIN_DIR = '/usr/share/orthanc/plugins';
/** DICOMweb serves QIDO/WADO/STOW; GDCM decodes JPEG 2000/JPEG-LS files Orthanc's core cannot. */
export const ORTHANC_PLUGINS = ['libOrthancDicomWeb.so', 'libOrthancGdcm.so'];
/** Debian's orthanc-postgresql 4.0: the index (not the files) in PostgreSQL, several Orthancs per database. */
export const ORTHANC_POSTGRES_INDEX_PLUGIN = 'libOrthancPostgreSQLIndex.so';

/** JPEG 2000 (lossless, lossy, Part 2 multi-component both): what only GDCM can decode here. */
export const JPEG_2000_TRANSFER_SYNTAXES = ['1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91', '1.2.840.10008.1.2.4.92', '1.2.840.10008.1.2.4.93'];

/** Where Orthanc keeps its index when it runs on PostgreSQL (its own role and database). */
export interface OrthancPostgresIndex {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

export interface OrthancConfigInput {
  port: number;
  /** Holds the DICOM files (and the SQLite index when `postgres` is not given). */
  storageDir: string;
  username: string;
  password: string;
  pluginDir?: string;
  /** Index in PostgreSQL instead of SQLite: several Orthancs may then share it and one storageDir. */
  postgres?: OrthancPostgresIndex;
}

/**
 * The index plugin's section (option names of orthanc-postgresql 4.0, /etc/orthanc/postgresql.json).
 * "Lock": false lets several Orthanc processes write the same database (4.0 retries serialization
 * conflicts); the DICOM files stay in the shared StorageDirectory, not in PostgreSQL.
 */
export function postgresIndexSection(index: OrthancPostgresIndex): Record<string, unknown> {
  return {
    EnableIndex: true,
    EnableStorage: false,
    Lock: false,
    Host: index.host,
    Port: index.port,
    Database: index.database,
    Username: index.user,
    Password: index.password,
    // Loopback to a private cluster; a remote database server wants SSL (set it in production config).
    EnableSsl: false,
    // Several connections so lookups of one request do not queue behind another's writes.
    IndexConnectionsCount: 4,
    // Started together with PostgreSQL: wait up to 10 × 1 s rather than give up at once.
    MaximumConnectionRetries: 10,
    ConnectionRetryInterval: 1,
  };
}

/**
 * Tags the worklist asks QIDO for at study level beyond Orthanc's built-in main tags.
 * Orthanc >= 1.11 keeps them in the index (fast QIDO); Debian's 1.10 ignores the option and the
 * DICOMweb plugin reads them from a stored instance instead ("Full" metadata mode), which is slower
 * but gives the same answer.
 */
export const EXTRA_STUDY_TAGS = ['RequestedProcedurePriority', 'ModalitiesInStudy', 'BodyPartExamined'];

/** The Orthanc JSON configuration for a private, authenticated, HTTP-only PACS. */
export function buildOrthancConfig(input: OrthancConfigInput): Record<string, unknown> {
  const pluginDir = input.pluginDir ?? ORTHANC_PLUGIN_DIR;
  return {
    Name: 'Dokuei',
    HttpPort: input.port,
    // Orthanc 1.10 cannot bind to 127.0.0.1 only: refuse remote clients and require credentials.
    RemoteAccessAllowed: false,
    AuthenticationEnabled: true,
    RegisteredUsers: { [input.username]: input.password },
    DicomServerEnabled: false,
    StorageDirectory: input.storageDir,
    IndexDirectory: input.storageDir,
    StorageCompression: false,
    // Re-seeding sends the same SOP Instance UIDs again: replace instead of rejecting.
    OverwriteInstances: true,
    // Seconds without new instances before Orthanc emits StableStudy on /changes.
    StableAge: 5,
    // Reading-state claims write study metadata with If-Match: two readers claiming at once → one 409.
    CheckRevisions: true,
    UserMetadata: { DokueiReadingState: 1024 },
    SaveJobs: false,
    HttpDescribeErrors: true,
    HttpCompressionEnabled: false,
    LimitFindResults: 0,
    LimitFindInstances: 0,
    ExtraMainDicomTags: { Study: EXTRA_STUDY_TAGS },
    Plugins: [
      ...ORTHANC_PLUGINS.map((name) => `${pluginDir}/${name}`).filter((path) => existsSync(path)),
      // Never filtered out: without it Orthanc would quietly fall back to a private SQLite index.
      ...(input.postgres ? [`${pluginDir}/${ORTHANC_POSTGRES_INDEX_PLUGIN}`] : []),
    ],
    ...(input.postgres ? { PostgreSQL: postgresIndexSection(input.postgres) } : {}),
    DicomWeb: {
      Enable: true,
      Root: '/dicom-web/',
      EnableWado: false,
      // Full: WADO-RS metadata lists every tag of every instance (the viewer needs them all).
      StudiesMetadata: 'Full',
      SeriesMetadata: 'Full',
      QidoCaseSensitive: false,
    },
    Gdcm: {
      Enable: true,
      // Only what Orthanc's own DCMTK cannot decode; DCMTK keeps JPEG and JPEG-LS (upstream later made
      // JPEG 2000 only the default). GDCM's transcoding needs the stacks thread-stack.c gives Orthanc.
      RestrictTransferSyntaxes: JPEG_2000_TRANSFER_SYNTAXES,
    },
  };
}
