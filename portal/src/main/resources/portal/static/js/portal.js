// Draws each [data-chart] element with ECharts (the WebJar the portal serves), SVG renderer.
// The options come from the server as JSON in the attribute.
document.querySelectorAll('[data-chart]').forEach((element) => {
  const chart = echarts.init(element, null, { renderer: 'svg' });
  chart.setOption(JSON.parse(element.dataset.chart));
  window.addEventListener('resize', () => chart.resize());
});
