/**
 * Standalone page for the face map's end-to-end test (test/e2e/facemap.spec.ts builds it
 * with Vite): the component in a 340px side panel, its value shown as JSON to assert on.
 * Not part of the app build. `?report=1` passes a sample lastReport; `?disabled=1` disables.
 */
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { RegionOverrides } from '../../../domain/breed-settings';
import { REGION_COUNT } from '../../../domain/regions';
import { FaceMap, type FaceMapReportEntry } from './index';
import '../styles/app.css';

const params = new URLSearchParams(location.search);
const sampleReport: FaceMapReportEntry[] | undefined = params.has('report')
  ? Array.from({ length: REGION_COUNT }, (_, region) => ({ region, mode: region % 3 === 0 ? 'mutated (pool)' : 'inherited' }))
  : undefined;

function Harness() {
  const [value, setValue] = useState<RegionOverrides>({});
  const [changes, setChanges] = useState(0);
  return (
    <div style={{ display: 'flex', height: '100%', overflow: 'auto' }}>
      <aside className="side-panel" style={{ width: 340, flex: 'none' }}>
        <section className="panel-section">
          <h3>Face map</h3>
          <FaceMap
            value={value}
            disabled={params.has('disabled')}
            lastReport={sampleReport}
            onChange={(next) => {
              setValue(next);
              setChanges((c) => c + 1);
            }}
          />
        </section>
      </aside>
      <pre data-testid="fm-value" data-changes={changes} style={{ margin: 12, color: 'var(--muted)', fontSize: 11 }}>
        {JSON.stringify(value)}
      </pre>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Harness />
  </StrictMode>,
);
