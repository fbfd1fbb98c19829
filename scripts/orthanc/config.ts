import { existsSync } from 'node:fs';

export const ORTHANC_BINARY = '/usr/sbin/Orthanc';
export const ORTHANC_PLUGIN_DIR = '/usr/share/orthanc/plugins';
/** DICOMweb serves QIDO/WADO/STOW; GDCM decodes JPEG 2000/JPEG-LS files Orthanc's core cannot. */
export const ORTHANC_PLUGINS = ['libOrthancDicomWeb.so', 'libOrthancGdcm.so'];

/** JPEG 2000 (lossless, lossy, Part 2 multi-component both): what only GDCM can decode here. */
export const JPEG_2000_TRANSFER_SYNTAXES = [
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.4.92',
  '1.2.840.10008.1.2.4.93',
];

export interface OrthancConfigInput {
  port: number;
  /** Holds the DICOM files and the SQLite index. */
  storageDir: string;
  username: string;
  password: string;
  pluginDir?: string;
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
    Plugins: ORTHANC_PLUGINS.map((name) => `${pluginDir}/${name}`).filter((path) => existsSync(path)),
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
      // GDCM 3.0.21's JPEG codec segfaults Orthanc on some JPEG files (seen on 12-bit JPEG during
      // WADO-RS transcoding); Orthanc's own DCMTK handles JPEG and JPEG-LS. Upstream later made
      // JPEG 2000 only the default for the same reason.
      RestrictTransferSyntaxes: JPEG_2000_TRANSFER_SYNTAXES,
    },
  };
}
