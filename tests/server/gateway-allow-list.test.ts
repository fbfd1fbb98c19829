import { describe, expect, it } from 'vitest';
import { matchAllowedRoute } from '../../server/gateway/allow-list';
import { normaliseTarget } from '../../server/gateway/normalise-path';

const S = '1.2.826.0.1.3680043.8.498.1001';
const SE = '1.2.826.0.1.3680043.8.498.1002';
const I = '1.2.826.0.1.3680043.8.498.1003';
const ORTHANC_ID = 'fb70d674-87e22a86-9fcf7e93-bcb9196c-d87d3ad0';
const inst = `/dicom-web/studies/${S}/series/${SE}/instances/${I}`;

function match(method: string, target: string) {
  const normalised = normaliseTarget(target);
  if (!normalised.ok) throw new Error(`not normalised: ${normalised.reason}`);
  return matchAllowedRoute(method, normalised.target);
}

describe('allow-list: what the app requests', () => {
  it.each([
    ['GET', '/dicom-web/studies?ModalitiesInStudy=SR', '/dicom-web/studies?ModalitiesInStudy=SR'],
    ['HEAD', '/dicom-web/studies', '/dicom-web/studies'],
    [
      'GET',
      '/dicom-web/studies?PatientName=%E5%B1%B1*&limit=100&offset=100&fuzzymatching=true',
      '/dicom-web/studies?PatientName=%E5%B1%B1*&limit=100&offset=100&fuzzymatching=true',
    ],
    ['GET', '/dicom-web/studies?includefield=00081030&includefield=all', '/dicom-web/studies?includefield=00081030&includefield=all'],
    ['POST', '/dicom-web/studies', '/dicom-web/studies'],
    ['GET', `/dicom-web/studies/${S}/series?Modality=SR`, `/dicom-web/studies/${S}/series?Modality=SR`],
    ['GET', `/dicom-web/studies/${S}/series/${SE}/instances`, `/dicom-web/studies/${S}/series/${SE}/instances`],
    ['GET', `/dicom-web/studies/${S}/metadata`, `/dicom-web/studies/${S}/metadata`],
    ['GET', `/dicom-web/studies/${S}/series/${SE}/metadata`, `/dicom-web/studies/${S}/series/${SE}/metadata`],
    ['GET', inst, inst],
    ['GET', `${inst}/metadata`, `${inst}/metadata`],
    ['GET', `${inst}/frames/1`, `${inst}/frames/1`],
    ['GET', `${inst}/frames/1,2,3`, `${inst}/frames/1,2,3`],
    ['GET', `${inst}/bulk/7fe00010`, `${inst}/bulk/7fe00010`],
    ['GET', `${inst}/frames/1/rendered`, `${inst}/frames/1/rendered`],
    ['HEAD', `${inst}/frames/12/rendered`, `${inst}/frames/12/rendered`],
    [
      'GET',
      `${inst}/frames/1/rendered?viewport=640,603&window=15000,30000,linear&quality=90`,
      `${inst}/frames/1/rendered?viewport=640,603&window=15000,30000,linear&quality=90`,
    ],
    ['GET', `${inst}/frames/1/rendered?window=-600.5,1200,linear-exact`, `${inst}/frames/1/rendered?window=-600.5,1200,linear-exact`],
    ['GET', `${inst}/bulk/00540016/1/00181072`, `${inst}/bulk/00540016/1/00181072`],
    ['GET', '/pacs/changes?since=12&limit=500', '/changes?since=12&limit=500'],
    ['GET', '/pacs/changes?last', '/changes?last'],
    ['GET', `/pacs/studies/${ORTHANC_ID}`, `/studies/${ORTHANC_ID}`],
  ])('%s %s → Orthanc %s', (method, target, upstream) => {
    const result = match(method, target);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.upstreamPath).toBe(upstream);
  });

  it('names the study and the match keys (not their values) for the audit trail', () => {
    const result = match('GET', `/dicom-web/studies?StudyInstanceUID=${S}&PatientID=P1&PatientName=Doe*&limit=10`);
    expect(result).toMatchObject({ ok: true, studyUID: S, patientID: 'P1', matchKeys: ['StudyInstanceUID', 'PatientID', 'PatientName'] });
  });
});

describe('allow-list: closed by default', () => {
  it.each([
    // Orthanc's own REST API and DICOMweb routes the app does not use.
    ['GET', '/system', 404],
    ['GET', '/dicom-web', 404],
    ['GET', '/dicom-web/servers', 404],
    ['GET', '/dicom-web/series', 404],
    ['GET', '/dicom-web/instances', 404],
    ['GET', `/dicom-web/studies/${S}`, 404],
    ['GET', `/dicom-web/studies/${S}/instances`, 404],
    ['GET', `${inst}/rendered`, 404],
    ['GET', `/dicom-web/studies/${S}/rendered`, 404],
    ['GET', `/dicom-web/studies/${S}/series/${SE}/rendered`, 404],
    ['GET', `${inst}/frames/1,2/rendered`, 404],
    ['GET', `${inst}/frames/0/rendered`, 404],
    ['GET', `${inst}/frames/1/rendered/extra`, 404],
    ['POST', `${inst}/frames/1/rendered`, 405],
    ['GET', `${inst}/thumbnail`, 404],
    ['GET', `${inst}/frames/0`, 404],
    ['GET', `${inst}/frames/1,`, 404],
    ['GET', `${inst}/bulk/7fe0001`, 404],
    ['GET', `${inst}/bulk/7fe00010/extra`, 404],
    ['GET', '/dicom-web/studies/', 404],
    ['GET', '/dicom-web/studies/abc/series', 404],
    ['GET', '/dicom-web/studies/1..2/series', 404],
    ['GET', '/pacs/studies', 404],
    ['GET', `/pacs/studies/${ORTHANC_ID}/instances`, 404],
    ['GET', `/pacs/studies/${ORTHANC_ID.toUpperCase()}`, 404],
    ['GET', '/pacs/patients', 404],
    ['GET', '/pacs/tools/find', 404],
    ['GET', '/pacs/instances', 404],
    // Methods.
    ['DELETE', '/dicom-web/studies', 405],
    ['PUT', '/dicom-web/studies', 405],
    ['PATCH', '/dicom-web/studies', 405],
    ['POST', `/dicom-web/studies/${S}`, 404],
    ['POST', `/dicom-web/studies/${S}/series`, 405],
    ['DELETE', `${inst}`, 405],
    ['DELETE', `/pacs/studies/${ORTHANC_ID}`, 405],
    ['POST', '/pacs/changes', 405],
    ['HEAD', '/pacs/changes', 405],
    ['OPTIONS', '/dicom-web/studies', 405],
    // Query parameters.
    ['GET', '/dicom-web/studies?Patient-Name=x', 400],
    ['GET', '/dicom-web/studies?includefield[]=x', 400],
    ['GET', '/dicom-web/studies?%255fmethod=DELETE', 400],
    ['GET', `${inst}/frames/1?accept=x`, 400],
    ['GET', `${inst}/frames/1/rendered?accept=image/png`, 400],
    ['GET', `${inst}/frames/1/rendered?viewport=640`, 400],
    ['GET', `${inst}/frames/1/rendered?viewport=0,10`, 400],
    ['GET', `${inst}/frames/1/rendered?viewport=10000,10`, 400],
    ['GET', `${inst}/frames/1/rendered?viewport=10,10,0,0,5,5`, 400],
    ['GET', `${inst}/frames/1/rendered?quality=0`, 400],
    ['GET', `${inst}/frames/1/rendered?quality=101`, 400],
    ['GET', `${inst}/frames/1/rendered?quality=90&quality=10`, 400],
    ['GET', `${inst}/frames/1/rendered?window=1,2,cubic`, 400],
    ['GET', `${inst}/frames/1/rendered?window=1e3,2,linear`, 400],
    ['GET', `${inst}/frames/1/rendered?constructor=x`, 400],
    ['GET', `/dicom-web/studies/${S}/metadata?x=1`, 400],
    ['GET', '/pacs/changes?since=1&expand', 400],
    ['GET', '/pacs/changes?since=-1', 400],
    ['GET', '/pacs/changes?last=1', 400],
    ['GET', `/pacs/studies/${ORTHANC_ID}?expand`, 400],
    ['POST', '/dicom-web/studies?x=1', 400],
    // UIDs longer than 64 characters.
    ['GET', `/dicom-web/studies/1.${'2'.repeat(63)}/metadata`, 400],
  ])('%s %s → %i', (method, target, status) => {
    const result = match(method, target);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.status).toBe(status);
  });

  it('names the allowed methods on 405', () => {
    expect(match('DELETE', '/dicom-web/studies')).toMatchObject({ ok: false, status: 405, allow: 'GET, HEAD, POST' });
  });
});
