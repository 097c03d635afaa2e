import type { Attachment } from 'svelte/attachments';
import uPlot from 'uplot';

/**
 * Mounts a uPlot chart in the element, keeps it as wide as the element, and destroys it
 * when the element goes (or the options or data change: the chart is then built anew).
 */
export function uplotChart(options: Omit<uPlot.Options, 'width'>, data: uPlot.AlignedData): Attachment<HTMLElement> {
  return (node) => {
    const chart = new uPlot({ ...options, width: node.clientWidth || 300 }, data, node);
    const observer = new ResizeObserver(([entry]) => {
      const width = Math.floor(entry?.contentRect.width ?? 0);
      if (width > 0 && width !== chart.width) chart.setSize({ width, height: options.height });
    });
    observer.observe(node);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  };
}
