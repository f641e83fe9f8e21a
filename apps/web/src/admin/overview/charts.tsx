import { useId, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useAdminI18n } from '../i18n/admin-i18n.js';

export interface SeriesPoint {
  /** What the point is (a day, a status...), as shown under the bar and in the table. */
  label: string;
  value: number;
}

/** Round gridline steps (1, 2, 5 × 10ⁿ) so the axis reads 0, 500, 1 000, 1 500 rather than 0, 437, 874. */
export function niceTicks(max: number, count = 4, integer = false): number[] {
  if (!(max > 0)) return [0];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const nice =
    [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ??
    10 * power;
  // Counts (orders) never get a 0.5 line.
  const step = integer ? Math.max(1, nice) : nice;
  const ticks: number[] = [];
  for (let tick = 0; tick < max + step; tick += step) {
    ticks.push(tick);
    if (tick >= max) break;
  }
  return ticks;
}

const DEFAULT_WIDTH = 640;
const HEIGHT = 240;

/**
 * The element's width in CSS pixels, followed as it changes. The chart is drawn at that width so
 * its text keeps its size on a phone instead of shrinking with a scaled-down picture.
 */
function useWidth<T extends HTMLElement>(fallback: number): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  // Measured before the first paint: drawn at the fallback width first, the chart would be
  // painted at another height, then jump (a layout shift) once the observer reports.
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const initial = Math.round(element.getBoundingClientRect().width);
    if (initial > 0) setWidth(initial);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const next = Math.round(entry?.contentRect.width ?? 0);
      if (next > 0) setWidth(next);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
const PAD = { top: 22, right: 8, bottom: 28, left: 64 };

export interface ColumnChartProps {
  title: string;
  /** One sentence saying what the chart shows and its total: read by screen readers. */
  description: string;
  data: SeriesPoint[];
  formatValue(value: number): string;
  /** A shorter value for the axis (e.g. without currency). */
  formatAxis?(value: number): string;
  emptyText: string;
  tone?: 'primary' | 'zellige';
  /** Shown above the value axis (e.g. the currency when the axis leaves it out). */
  unit?: string;
  /** Whole numbers only (counts): the axis steps by 1 at least. */
  integer?: boolean;
  /** The first column of the data table. */
  labelHeader: string;
  valueHeader: string;
}

/**
 * Columns over time, drawn in SVG. The picture is one labelled image (title + description), each
 * column has a tooltip, and the same numbers are available as a table below it.
 */
export function ColumnChart({
  title,
  description,
  data,
  formatValue,
  formatAxis = formatValue,
  emptyText,
  tone = 'primary',
  unit,
  integer = false,
  labelHeader,
  valueHeader,
}: ColumnChartProps) {
  const { t } = useAdminI18n();
  const id = useId();
  const [frame, measured] = useWidth<HTMLElement>(DEFAULT_WIDTH);
  const WIDTH = Math.max(280, measured);
  const max = Math.max(0, ...data.map((point) => point.value));
  if (data.length === 0 || max === 0) {
    return (
      <figure ref={frame} className="adm-chart adm-chart--empty" aria-labelledby={`${id}-title`}>
        <figcaption id={`${id}-title`} className="visually-hidden">
          {title}
        </figcaption>
        <p className="adm-inline-empty" data-testid="chart-empty">
          {emptyText}
        </p>
      </figure>
    );
  }
  const ticks = niceTicks(max, 4, integer);
  const top = ticks[ticks.length - 1]!;
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / data.length;
  const barWidth = Math.max(2, Math.min(28, slot * 0.68));
  const y = (value: number) => PAD.top + plotHeight - (value / top) * plotHeight;
  // A label every 64 px or so under the axis, whatever the number of columns.
  const labelEvery = Math.max(1, Math.ceil(data.length / Math.max(2, Math.floor(plotWidth / 64))));

  return (
    <figure ref={frame} className={`adm-chart adm-chart--${tone}`}>
      <svg
        className="adm-chart__svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        width={WIDTH}
        height={HEIGHT}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {unit ? (
          <text
            className="adm-chart__unit"
            x={PAD.left - 8}
            y={10}
            textAnchor="end"
            aria-hidden="true"
          >
            {unit}
          </text>
        ) : null}
        <g className="adm-chart__grid" aria-hidden="true">
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} />
              <text x={PAD.left - 8} y={y(tick)} dy="0.32em" textAnchor="end">
                {formatAxis(tick)}
              </text>
            </g>
          ))}
        </g>
        <g className="adm-chart__bars">
          {data.map((point, index) => {
            const x = PAD.left + slot * index + (slot - barWidth) / 2;
            const height = Math.max(point.value > 0 ? 2 : 0, PAD.top + plotHeight - y(point.value));
            return (
              <rect
                key={point.label + index}
                className="adm-chart__bar"
                x={x}
                y={PAD.top + plotHeight - height}
                width={barWidth}
                height={height}
                rx={Math.min(4, barWidth / 3)}
                data-value={point.value}
              >
                <title>{`${point.label}: ${formatValue(point.value)}`}</title>
              </rect>
            );
          })}
        </g>
        <g className="adm-chart__labels" aria-hidden="true">
          {data.map((point, index) =>
            index % labelEvery === 0 ? (
              <text
                key={point.label + index}
                x={PAD.left + slot * index + slot / 2}
                y={HEIGHT - 8}
                textAnchor="middle"
              >
                {point.label}
              </text>
            ) : null,
          )}
        </g>
      </svg>
      <DataTable
        caption={title}
        headers={[labelHeader, valueHeader]}
        rows={data.map((point) => [point.label, formatValue(point.value)])}
        summary={t('common.showTable')}
      />
    </figure>
  );
}

export interface BarListItem {
  key: string;
  label: ReactNode;
  value: number;
  /** The value as shown beside the bar. */
  display: string;
  tone?: string;
}

/**
 * Horizontal bars as a list: each row reads "label, value" to a screen reader, and the bar is
 * decoration. Used for orders by status and top products.
 */
export function BarList({
  title,
  items,
  emptyText,
}: {
  title: string;
  items: BarListItem[];
  emptyText: string;
}) {
  const max = Math.max(0, ...items.map((item) => item.value));
  if (items.length === 0 || max === 0) {
    return (
      <p className="adm-inline-empty" data-testid="chart-empty">
        {emptyText}
      </p>
    );
  }
  return (
    <ul className="adm-barlist" aria-label={title}>
      {items.map((item) => (
        <li key={item.key} className="adm-barlist__row">
          <span className="adm-barlist__label">{item.label}</span>
          <span className="adm-barlist__value">{item.display}</span>
          <span className="adm-barlist__track" aria-hidden="true">
            <span
              className={`adm-barlist__bar ${item.tone ? `adm-barlist__bar--${item.tone}` : ''}`}
              style={{ width: `${Math.max(item.value > 0 ? 2 : 0, (item.value / max) * 100)}%` }}
            />
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The chart's numbers as a real table, folded away under a disclosure. */
export function DataTable({
  caption,
  headers,
  rows,
  summary,
}: {
  caption: string;
  headers: string[];
  rows: string[][];
  summary: string;
}) {
  return (
    <details className="adm-chart__table">
      <summary>{summary}</summary>
      <div className="adm-table-wrap">
        <table className="adm-table adm-table--compact adm-table--plain">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {headers.map((header, index) => (
                <th key={header} scope="col" className={index > 0 ? 'num' : undefined}>
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                {row.map((cell, column) =>
                  column === 0 ? (
                    <th key={column} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={column} className="num">
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
