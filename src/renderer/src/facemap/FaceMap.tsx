/**
 * The 34-region face map (docs/ARCHITECTURE.md, "Domain vocabulary"): an SVG face in which every region
 * is a button. Click cycles a region father → mother → blend → pool → random; a drag
 * paints the palette's mode over every region it crosses; keys F/M/B/P/R set a mode.
 * Controlled: the parent owns `value` (sparse RegionOverrides) and gets every edit.
 */
import { useCallback, useId, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { RegionOverride, RegionOverrides } from '../../../domain/breed-settings';
import {
  BACKGROUND_REGION,
  REGION_COUNT,
  REGION_GROUP_LABELS,
  REGION_GROUP_NAMES,
  REGION_GROUPS,
  type RegionGroup,
} from '../../../domain/regions';
import { EYE_OUTLINE, FACE_REGIONS, FACE_VIEWBOX, HEAD_OUTLINE, NAV_ORDER, type RegionGeometry, type RegionShape } from './face-geometry';
import {
  CYCLE_ORDER,
  DEFAULT_BLEND_ALPHA,
  MODE_COLORS,
  MODE_KEYS,
  MODE_LABELS,
  PRESETS,
  REFERENCE_OVERRIDES,
  blendColor,
  clampAlpha,
  countModes,
  describeOverride,
  explainOverride,
  effectiveOverride,
  matchingPreset,
  modeColor,
  overrideForMode,
  paintModeOf,
  percent,
  regionLabel,
  reportColor,
  reportSource,
  REPORT_SOURCE_LABELS,
  type ReportSource,
  toneColor,
  type PaintMode,
} from './modes';
import { allHave, applyOverride, cycleRegion, resetRegions, setBlendAlpha } from './paint';
import './facemap.css';

export interface FaceMapReportEntry {
  region: number;
  mode: string;
}

export interface FaceMapProps {
  value: RegionOverrides;
  onChange(next: RegionOverrides): void;
  disabled?: boolean;
  /** What the last preview child did per region (shown as dots on random regions and in the caption). */
  lastReport?: readonly FaceMapReportEntry[];
  className?: string;
}

interface DragState {
  pointerId: number;
  start: number;
  last: number;
  dragging: boolean;
  painted: Set<number>;
  /** The overrides as this drag has left them; the parent may not have re-rendered yet. */
  working: RegionOverrides;
}

/** Extra stroke width around line shapes (lashes, wrinkles) so they are easy to hit. */
const LINE_HIT_WIDTH = 9;

export function FaceMap({ value, onChange, disabled = false, lastReport, className }: FaceMapProps) {
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const clipHead = `fm-${uid}-head`;
  const clipEyes = `fm-${uid}-eyes`;
  const hatch = `fm-${uid}-hatch`;

  const [brushMode, setBrushMode] = useState<PaintMode>('father');
  const [brushAlpha, setBrushAlpha] = useState(DEFAULT_BLEND_ALPHA);
  const [selection, setSelection] = useState<readonly number[]>([]);
  const [hover, setHover] = useState<number | null>(null);
  const [focused, setFocused] = useState<number | null>(null);
  const [focusVisible, setFocusVisible] = useState(false);
  const [rovingIndex, setRovingIndex] = useState<number>(NAV_ORDER[0]!);
  const drag = useRef<DragState | null>(null);
  const regionEls = useRef<Array<SVGGElement | null>>([]);

  const eff = useCallback((i: number) => effectiveOverride(value, i), [value]);
  const counts = useMemo(() => countModes(value), [value]);
  const preset = useMemo(() => matchingPreset(value), [value]);
  const reportByRegion = useMemo(() => {
    const m = new Map<number, string>();
    for (const r of lastReport ?? []) m.set(r.region, r.mode);
    return m;
  }, [lastReport]);
  // The sources the dots show (only random regions get a dot), for the legend.
  const dotSources = useMemo(() => {
    const seen = new Set<ReportSource>();
    for (const [region, mode] of reportByRegion) if (effectiveOverride(value, region).kind === 'random') seen.add(reportSource(mode));
    return (Object.keys(REPORT_SOURCE_LABELS) as ReportSource[]).filter((k) => seen.has(k));
  }, [reportByRegion, value]);
  const brush: RegionOverride = overrideForMode(brushMode, brushAlpha);

  const emit = (next: RegionOverrides) => {
    if (next !== value) onChange(next);
  };

  /** A region's mode after a click or key becomes the brush, so a following drag spreads it. */
  const adopt = (o: RegionOverride) => {
    setBrushMode(paintModeOf(o));
    if (o.kind === 'blend') setBrushAlpha(o.alpha);
  };

  const cycle = (i: number) => {
    const next = cycleRegion(value, i, brushAlpha);
    adopt(effectiveOverride(next, i));
    setSelection([i]);
    emit(next);
  };

  const setMode = (i: number, mode: PaintMode) => {
    const current = eff(i);
    // Keep a blend's own α when B is pressed on a region that already blends.
    const o = mode === 'blend' && current.kind === 'blend' ? current : overrideForMode(mode, brushAlpha);
    adopt(o);
    setSelection([i]);
    emit(applyOverride(value, [i], o));
  };

  // --- pointer: click cycles, drag paints ------------------------------------------------

  const regionAt = (x: number, y: number): number | null => {
    const el = document.elementFromPoint(x, y)?.closest('[data-region]');
    if (!el) return null;
    const i = Number(el.getAttribute('data-region'));
    return Number.isInteger(i) ? i : null;
  };

  const paintInto = (d: DragState, i: number) => {
    if (d.painted.has(i)) return;
    d.painted.add(i);
    const next = applyOverride(d.working, [i], brush);
    if (next !== d.working) {
      d.working = next;
      onChange(next);
    }
    setSelection([...d.painted]);
  };

  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    if (disabled || e.button !== 0) return;
    const i = regionAt(e.clientX, e.clientY);
    if (i === null) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { pointerId: e.pointerId, start: i, last: i, dragging: false, painted: new Set(), working: value };
  };

  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const i = regionAt(e.clientX, e.clientY);
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) {
      if (e.pointerType === 'mouse') setHover(i);
      return;
    }
    setHover(i);
    if (i === null || i === d.last) return;
    d.last = i;
    if (!d.dragging) {
      d.dragging = true;
      paintInto(d, d.start);
    }
    // The background surrounds everything: a stroke across the face only paints it when it starts there.
    if (i === BACKGROUND_REGION && d.start !== BACKGROUND_REGION) return;
    paintInto(d, i);
  };

  const endDrag = (e: PointerEvent<SVGSVGElement>, cancelled: boolean) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    drag.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    if (!cancelled && !d.dragging && regionAt(e.clientX, e.clientY) === d.start) cycle(d.start);
  };

  // --- keyboard ---------------------------------------------------------------------------

  const moveFocus = (i: number) => {
    setRovingIndex(i);
    regionEls.current[i]?.focus();
  };

  const onRegionKeyDown = (e: KeyboardEvent<SVGGElement>, i: number) => {
    if (disabled) return;
    // A region focused by a click shows its ring once the keyboard takes over.
    setFocusVisible(true);
    const at = NAV_ORDER.indexOf(i);
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    let handled = true;
    if (key === 'ArrowRight' || key === 'ArrowDown') moveFocus(NAV_ORDER[(at + 1) % NAV_ORDER.length]!);
    else if (key === 'ArrowLeft' || key === 'ArrowUp') moveFocus(NAV_ORDER[(at - 1 + NAV_ORDER.length) % NAV_ORDER.length]!);
    else if (key === 'Home') moveFocus(NAV_ORDER[0]!);
    else if (key === 'End') moveFocus(NAV_ORDER[NAV_ORDER.length - 1]!);
    else if (key === 'Enter' || key === ' ') cycle(i);
    else if (key in MODE_KEYS && !e.ctrlKey && !e.metaKey && !e.altKey) setMode(i, MODE_KEYS[key]!);
    else if (key === '[' || key === ']' || key === '-' || key === '+' || key === '=') {
      const o = eff(i);
      if (o.kind === 'blend') {
        const a = clampAlpha(o.alpha + (key === '[' || key === '-' ? -0.05 : 0.05));
        setBrushAlpha(a);
        emit(setBlendAlpha(value, [i], a));
      }
    } else if (key === 'Delete' || key === 'Backspace') emit(resetRegions(value, [i]));
    else if (key === 'Escape') setSelection([]);
    else handled = false;
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  // --- palette, blend slider, groups, presets ----------------------------------------------

  const blendTargets = selection.filter((i) => eff(i).kind === 'blend');
  const firstBlend = blendTargets.length > 0 ? eff(blendTargets[0]!) : null;
  const sliderAlpha = firstBlend?.kind === 'blend' ? firstBlend.alpha : brushAlpha;
  const sliderTarget =
    blendTargets.length === 1
      ? regionLabel(blendTargets[0]!)
      : blendTargets.length > 1
        ? `${blendTargets.length} regions`
        : 'new blends';

  const onAlpha = (raw: number) => {
    const a = clampAlpha(raw);
    setBrushAlpha(a);
    if (blendTargets.length > 0) emit(setBlendAlpha(value, blendTargets, a));
    else setBrushMode('blend');
  };

  const toggleGroup = (g: RegionGroup) => {
    const regions = REGION_GROUPS[g];
    // Pressing a group that already has the brush everywhere hands it back to the defaults.
    emit(allHave(value, regions, brush) ? resetRegions(value, regions) : applyOverride(value, regions, brush));
    setSelection(regions);
  };

  const applyPreset = (overrides: RegionOverrides) => {
    setSelection([]);
    emit(overrides);
  };

  // --- drawing --------------------------------------------------------------------------

  const clipOf = (s: RegionShape) => (s.clip === 'head' ? `url(#${clipHead})` : s.clip === 'eyes' ? `url(#${clipEyes})` : undefined);

  const selected = new Set(selection);
  const renderRegion = (g: RegionGeometry) => {
    const i = g.index;
    const o = eff(i);
    const base = modeColor(o);
    const color = toneColor(base, g.tone);
    const label = regionLabel(i);
    const report = reportByRegion.get(i);
    const aria = `${label}: ${describeOverride(o)}${report ? `; last preview: ${report}` : ''}`;
    return (
      <g
        key={i}
        ref={(el) => {
          regionEls.current[i] = el;
        }}
        className={`fm-region fm-mode-${o.kind}`}
        data-region={i}
        data-mode={o.kind}
        data-alpha={o.kind === 'blend' ? o.alpha : undefined}
        role="button"
        aria-label={aria}
        aria-disabled={disabled || undefined}
        tabIndex={disabled ? -1 : i === rovingIndex ? 0 : -1}
        onFocus={(e) => {
          setFocused(i);
          setRovingIndex(i);
          setFocusVisible(e.currentTarget.matches(':focus-visible'));
        }}
        onBlur={() => setFocused((f) => (f === i ? null : f))}
        onKeyDown={(e) => onRegionKeyDown(e, i)}
      >
        {g.shapes.map((s, k) =>
          s.kind === 'line' ? (
            <g key={k}>
              <path className="fm-line" d={s.d} stroke={color} strokeWidth={s.width ?? 1.5} clipPath={clipOf(s)} />
              <path className="fm-hit-line" d={s.d} strokeWidth={LINE_HIT_WIDTH} />
            </g>
          ) : (
            <g key={k}>
              <path className="fm-fill" d={s.d} fill={color} clipPath={clipOf(s)} />
              {o.kind === 'random' && <path className="fm-hatch" d={s.d} fill={`url(#${hatch})`} clipPath={clipOf(s)} />}
            </g>
          ),
        )}
        {g.hit?.map((d, k) => <path key={`h${k}`} className="fm-hit" d={d} />)}
        {selected.has(i) && hover !== i && outline(g, 'fm-outline-selected')}
        {hover === i && outline(g, 'fm-outline-hover')}
        {focused === i && focusVisible && outline(g, 'fm-outline-focus')}
      </g>
    );
  };

  // Drawn inside the region's own group, so regions in front hide it as they hide the region.
  const outline = (g: RegionGeometry, cls: string) => {
    return (
      <g className={cls} aria-hidden="true">
        {g.shapes.map((s, k) => (
          <path key={k} d={s.d} clipPath={clipOf(s)} className={s.kind === 'line' ? 'fm-outline-line' : undefined} />
        ))}
      </g>
    );
  };

  const infoIndex = hover ?? (focused !== null && focusVisible ? focused : null) ?? (selection.length === 1 ? selection[0]! : null);
  const infoOverride = infoIndex !== null ? eff(infoIndex) : null;
  const infoReport = infoIndex !== null ? reportByRegion.get(infoIndex) : undefined;

  return (
    <div className={`fm${disabled ? ' fm-disabled' : ''}${className ? ` ${className}` : ''}`} data-testid="face-map">
      <div className="fm-palette" role="radiogroup" aria-label="Paint mode (also the colour legend)">
        {CYCLE_ORDER.map((m) => (
          <button
            key={m}
            type="button"
            role="radio"
            aria-checked={brushMode === m}
            className={`fm-mode-btn${brushMode === m ? ' fm-active' : ''}`}
            data-mode={m}
            disabled={disabled}
            title={`Paint ${MODE_LABELS[m].toLowerCase()} (key ${m.charAt(0).toUpperCase()}) — ${counts[m]} region${counts[m] === 1 ? '' : 's'}`}
            onClick={() => setBrushMode(m)}
          >
            <span
              className={`fm-swatch fm-swatch-${m}`}
              style={{ background: m === 'blend' ? blendColor(brushAlpha) : MODE_COLORS[m] }}
            />
            <span className="fm-mode-name">{MODE_LABELS[m]}</span>
            <span className="fm-count">{counts[m]}</span>
          </button>
        ))}
      </div>

      <label className={`fm-blend${brushMode === 'blend' || blendTargets.length > 0 ? '' : ' fm-idle'}`}>
        <span className="fm-blend-head">
          <span>
            Blend α <span className="fm-blend-target">· {sliderTarget}</span>
          </span>
          <span className="fm-blend-value" data-testid="face-map-alpha">
            {percent(sliderAlpha)} F · {percent(1 - sliderAlpha)} M
          </span>
        </span>
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={sliderAlpha}
          disabled={disabled}
          aria-label={`Blend alpha for ${sliderTarget}: 0 all mother, 1 all father`}
          aria-valuetext={`${percent(sliderAlpha)} father, ${percent(1 - sliderAlpha)} mother`}
          onChange={(e) => onAlpha(Number(e.currentTarget.value))}
        />
      </label>

      <p className="fm-hint">
        <b>Click</b> a region to cycle father → mother → blend → pool → random; <b>drag</b> across regions to paint the selected mode. Keys: arrows, Enter, F M B P R.
      </p>

      <div className="fm-stage">
        <svg
          className="fm-svg"
          viewBox={`0 0 ${FACE_VIEWBOX.width} ${FACE_VIEWBOX.height}`}
          role="group"
          aria-label={`Face map: ${REGION_COUNT} regions`}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={(e) => endDrag(e, false)}
          onPointerCancel={(e) => endDrag(e, true)}
          onLostPointerCapture={(e) => endDrag(e, true)}
          onPointerLeave={() => {
            if (!drag.current) setHover(null);
          }}
        >
          <defs>
            <clipPath id={clipHead}>
              <path d={HEAD_OUTLINE} />
            </clipPath>
            <clipPath id={clipEyes}>
              <path d={EYE_OUTLINE} />
            </clipPath>
            <pattern id={hatch} width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="1.3" height="5" fill="#ffffff" fillOpacity="0.2" />
              <rect x="2.5" width="1.1" height="5" fill="#000000" fillOpacity="0.18" />
            </pattern>
          </defs>
          {FACE_REGIONS.map(renderRegion)}
          {FACE_REGIONS.map((g) => {
            const report = reportByRegion.get(g.index);
            // Only random regions: elsewhere the report repeats what the user chose.
            if (report === undefined || eff(g.index).kind !== 'random') return null;
            return <circle key={`r${g.index}`} className="fm-report-dot" cx={g.anchor[0]} cy={g.anchor[1]} r={2.6} fill={reportColor(report)} />;
          })}
        </svg>
        <div className="fm-caption" data-testid="face-map-caption" aria-live="polite">
          {infoIndex !== null && infoOverride ? (
            <>
              <span className="fm-caption-line">
                <span className="fm-caption-dot" style={{ background: modeColor(infoOverride) }} />
                <strong>{regionLabel(infoIndex)}</strong>
                <span> — {describeOverride(infoOverride)}</span>
              </span>
              {/* What the last preview did says more than the mode's explanation, when there is one. */}
              <span className="fm-caption-sub">{infoReport ? `last preview: ${infoReport}` : explainOverride(infoOverride)}</span>
            </>
          ) : (
            <>
              <span className="fm-caption-line fm-caption-idle">Hover a region to name it</span>
              <span className="fm-caption-sub">
                {REGION_COUNT} regions · left and right are one region
              </span>
            </>
          )}
        </div>
      </div>

      <div className="fm-legend" aria-label="Legend">
        <span className="fm-legend-item">
          <span className="fm-legend-gradient" style={{ background: `linear-gradient(90deg, ${MODE_COLORS.father}, ${blendColor(0.5)}, ${MODE_COLORS.mother})` }} />
          father → mother
        </span>
        <span className="fm-legend-item">
          <span className="fm-swatch" style={{ background: MODE_COLORS.donor }} /> donor{counts.donor > 0 ? ` ${counts.donor}` : ''}
        </span>
        {dotSources.length > 0 && (
          <span className="fm-legend-item fm-dot-legend" data-testid="face-map-dot-legend">
            Dots on random regions, from the last preview:
            {dotSources.map((src) => (
              <span key={src} className="fm-legend-item" data-source={src}>
                <span className="fm-legend-dot" style={{ background: reportColor(src) }} /> {REPORT_SOURCE_LABELS[src]}
              </span>
            ))}
          </span>
        )}
      </div>

      <div className="fm-section-label">Groups <span>— apply {MODE_LABELS[brushMode].toLowerCase()}</span></div>
      <div className="fm-groups">
        {REGION_GROUP_NAMES.map((g) => {
          const regions = REGION_GROUPS[g];
          const on = allHave(value, regions, brush);
          return (
            <button
              key={g}
              type="button"
              className={`fm-group-btn${on ? ' fm-active' : ''}`}
              data-group={g}
              aria-pressed={on}
              disabled={disabled}
              title={on ? `${REGION_GROUP_LABELS[g]}: all ${MODE_LABELS[brushMode].toLowerCase()} — click to reset` : `Set ${REGION_GROUP_LABELS[g]} to ${MODE_LABELS[brushMode].toLowerCase()}`}
              onClick={() => toggleGroup(g)}
            >
              <span>{REGION_GROUP_LABELS[g]}</span>
              <span className="fm-group-bar" aria-hidden="true">
                {regions.map((i) => (
                  <span key={i} style={{ background: modeColor(eff(i)) }} />
                ))}
              </span>
            </button>
          );
        })}
      </div>

      <div className="fm-section-label">Presets</div>
      <div className="fm-presets">
        {PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            className={`fm-preset-btn${preset?.id === p.id ? ' fm-active' : ''}`}
            data-preset={p.id}
            aria-pressed={preset?.id === p.id}
            disabled={disabled}
            title={p.title}
            onClick={() => applyPreset(p.overrides)}
          >
            {p.label}
          </button>
        ))}
        <button type="button" className="fm-preset-btn fm-reset" data-preset="reset" disabled={disabled} title="Reference defaults: every region random, the background from father" onClick={() => applyPreset(REFERENCE_OVERRIDES)}>
          Reset
        </button>
      </div>
    </div>
  );
}
