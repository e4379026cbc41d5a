// ECharts, loaded on first use (its own chunk) with only the chart types the console draws, on
// the canvas renderer. The chart's text is also given as a table-like aria label.
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

type EChartsModule = typeof import('./echarts-parts');
let loading: Promise<EChartsModule> | undefined;

export type ChartOption = Parameters<ReturnType<EChartsModule['echarts']['init']>['setOption']>[0];

export function Chart({
  option,
  label,
  id,
}: {
  option: ChartOption;
  label: string;
  id?: string;
}): JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<EChartsModule['echarts']['init']> | undefined>(undefined);
  useEffect(() => {
    let disposed = false;
    loading ??= import('./echarts-parts');
    void loading.then(({ echarts }) => {
      if (disposed || !host.current) return;
      chart.current ??= echarts.init(host.current, undefined, { renderer: 'canvas' });
      chart.current.setOption(option, true);
    });
    return () => {
      disposed = true;
    };
  }, [option]);
  useEffect(() => {
    const resize = (): void => chart.current?.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.current?.dispose();
      chart.current = undefined;
    };
  }, []);
  return <div class="chart" ref={host} role="img" aria-label={label} id={id} />;
}
