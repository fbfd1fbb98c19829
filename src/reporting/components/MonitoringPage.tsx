/** Placeholder until the monitoring dashboard lands (issue 8). */
export function MonitoringPage() {
  return <p className="empty">AI monitoring</p>;
}
