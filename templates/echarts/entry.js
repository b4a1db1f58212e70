// The ECharts that okrs sites load: only the charts, components and
// renderer the site draws with, from the pinned echarts package's ES
// modules. build.mjs bundles it into vendor/echarts.min.js; see
// vendor/README.md. A chart type or option component the site starts to
// use must be added here, or ECharts draws nothing for it and logs why
// (the browser tests fail on that).
import { use, init, getInstanceByDom } from "echarts/core";
import { BarChart, LineChart, PieChart, SankeyChart, ScatterChart } from "echarts/charts";
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

use([
  BarChart, LineChart, PieChart, SankeyChart, ScatterChart,
  GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TitleComponent, TooltipComponent,
  SVGRenderer,
]);

// site.js uses these two, as window.echarts.
export { init, getInstanceByDom };
