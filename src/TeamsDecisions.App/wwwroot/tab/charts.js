// The metrics as charts (Chart.js 4, canvas), each with a real <table> of the same numbers for screen readers and
// anyone who prefers figures. Colours come from the Fluent theme's CSS variables, so they follow the Teams theme.
const Chart = window.Chart;
const charts = [];

function token(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(`--${name}`).trim();
}

function palette() {
  const contrast = document.documentElement.dataset.theme === "contrast";
  return {
    contrast,
    text: token("colorNeutralForeground1") || "#242424",
    grid: token("colorNeutralStroke2") || "#e0e0e0",
    series: [
      token("colorBrandForeground1") || "#5b5fc7",
      token("colorPaletteDarkOrangeForeground1") || "#c43501",
      token("colorPaletteGreenForeground1") || "#0e700e",
      token("colorPaletteBerryForeground1") || "#af33a1",
    ],
  };
}

/** Dataset colours; in high contrast every palette colour is the same, so the second series is drawn outlined. */
function style(index, colours) {
  if (colours.contrast && index % 2 === 1) {
    return { backgroundColor: "transparent", borderColor: colours.text, borderWidth: 2 };
  }
  const colour = colours.series[index % colours.series.length];
  return { backgroundColor: colour, borderColor: colour, borderWidth: 1 };
}

function config(spec, colours) {
  return {
    type: "bar",
    data: {
      labels: spec.labels,
      datasets: spec.series.map((s, i) => ({ label: s.label, data: s.values, ...style(i, colours) })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: spec.horizontal ? "y" : "x",
      color: colours.text,
      plugins: {
        legend: { display: spec.series.length > 1, labels: { color: colours.text } },
        tooltip: { enabled: true },
      },
      scales: {
        x: { ticks: { color: colours.text, precision: 0 }, grid: { color: colours.grid }, beginAtZero: true },
        y: { ticks: { color: colours.text, precision: 0 }, grid: { color: colours.grid }, beginAtZero: true },
      },
    },
  };
}

function format(value, kind) {
  if (value === null || value === undefined) return "–";
  if (kind === "percent") return `${Math.round(value * 100)}%`;
  if (kind === "days") return `${Math.round(value * 10) / 10}`;
  return String(value);
}

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props ?? {});
  for (const child of children) node.append(child);
  return node;
}

/**
 * A chart with its table. spec: { id, title, description, labels, series: [{ key, label, values, kind }],
 * rowHeader, horizontal }. Each numeric cell carries data-figure="<id>.<series key>.<label>" and data-value (raw).
 */
function figure(spec, colours) {
  const headingId = `${spec.id}-title`;
  const canvas = el("canvas", { id: `${spec.id}-canvas`, role: "img" });
  canvas.setAttribute("aria-label", `${spec.title}: ${spec.description} The numbers are in the table below the chart.`);
  const table = el("table", { className: "grid figures" });
  table.dataset.chart = spec.id;
  table.append(el("caption", { textContent: spec.title }));
  const head = el("tr", {}, el("th", { scope: "col", textContent: spec.rowHeader }));
  for (const s of spec.series) head.append(el("th", { scope: "col", textContent: s.label }));
  table.append(el("thead", {}, head));
  const body = el("tbody");
  spec.labels.forEach((label, row) => {
    const tr = el("tr", {}, el("th", { scope: "row", textContent: label }));
    for (const s of spec.series) {
      const value = s.values[row];
      const td = el("td", { textContent: format(value, s.kind) });
      td.dataset.figure = `${spec.id}.${s.key}.${label}`;
      td.dataset.value = value === null || value === undefined ? "" : String(value);
      tr.append(td);
    }
    body.append(tr);
  });
  if (spec.labels.length === 0) {
    body.append(el("tr", {}, el("td", { colSpan: spec.series.length + 1, textContent: "Nothing to count yet." })));
  }
  table.append(body);

  const details = el("details", { className: "as-table" }, el("summary", { textContent: "Show as table" }), table);
  const section = el("section", { className: "chart-card" });
  section.setAttribute("aria-labelledby", headingId);
  section.append(
    el("h3", { id: headingId, textContent: spec.title }),
    el("p", { className: "hint", textContent: spec.description }),
    el("div", { className: "canvas-box" }, canvas),
    details,
  );
  return { section, canvas, spec };
}

/** Figures of the metrics JSON (GET /api/tab/.../metrics), as chart specs. */
export function specs(m) {
  const f = m.figures;
  const months = f.decisionsPerMonth ?? [];
  const quarters = f.decisionsPerQuarter ?? [];
  const t = f.timeToDecision;
  return [
    {
      id: "per-month", title: "Decisions per month", rowHeader: "Month",
      description: `Decisions made each calendar month (${m.zone}).`,
      labels: months.map((p) => p.period), series: [{ key: "count", label: "Decisions", values: months.map((p) => p.count) }],
    },
    {
      id: "per-quarter", title: "Decisions per quarter", rowHeader: "Quarter",
      description: `Decisions made each calendar quarter (${m.zone}).`,
      labels: quarters.map((p) => p.period), series: [{ key: "count", label: "Decisions", values: quarters.map((p) => p.count) }],
    },
    {
      id: "time-to-decision", title: "Time to decision (days)", rowHeader: "Figure", horizontal: true,
      description: `From proposal to decision, over ${t.decided} decided RFCs: the median and the 90th percentile.`,
      labels: ["Median", "90th percentile"], series: [{ key: "days", label: "Days", kind: "days", values: [t.medianDays, t.p90Days] }],
    },
    {
      id: "breadth", title: "Breadth of input per RFC", rowHeader: "RFC",
      description: "Distinct voters and distinct commenters on each RFC, newest first.",
      labels: f.breadthPerRfc.map((b) => b.rfc),
      series: [
        { key: "voters", label: "Voters", values: f.breadthPerRfc.map((b) => b.voters) },
        { key: "commenters", label: "Commenters", values: f.breadthPerRfc.map((b) => b.commenters) },
      ],
    },
    {
      id: "norm", title: "Required reviewers within the norm", rowHeader: "Required reviewers", horizontal: true,
      description: `Required reviewers asked, and how many voted or commented within the team's response norm (${format(f.shareWithinNorm, "percent")}).`,
      labels: ["Asked", "Answered within the norm"],
      series: [{ key: "people", label: "People", values: [f.requiredAsked, f.requiredAnsweredWithinNorm] }],
    },
    {
      id: "concerns", title: "Blocking concerns", rowHeader: "Concerns",
      description: "Concerns raised, and how they ended: resolved, overruled by the decider, or still open.",
      labels: ["Raised", "Resolved", "Overruled", "Still open"],
      series: [{ key: "count", label: "Concerns", values: [f.concerns.raised, f.concerns.resolved, f.concerns.overruled, f.concerns.stillOpen] }],
    },
    {
      id: "windows", title: "Comment windows", rowHeader: "Windows",
      description: "RFCs whose comment window was closed early, extended, or that were withdrawn.",
      labels: ["Closed early", "Extended", "Withdrawn"],
      series: [{ key: "count", label: "RFCs", values: [f.windows.closedEarly, f.windows.extended, f.windows.withdrawn] }],
    },
    {
      id: "meetings", title: "Meetings tested", rowHeader: "Meetings",
      description: "Meetings put through the meeting test, and what they became.",
      labels: ["Tested", "Became threads", "Became RFCs", "Kept as meetings"],
      series: [{ key: "count", label: "Meetings", values: [f.meetings.tested, f.meetings.becameThreads, f.meetings.becameRfcs, f.meetings.keptAsMeetings] }],
    },
  ];
}

/** Replaces the charts in <paramref name="container"/> with those of the metrics JSON. */
export function render(container, metrics) {
  destroy();
  container.replaceChildren();
  const colours = palette();
  for (const spec of specs(metrics)) {
    const made = figure(spec, colours);
    container.append(made.section);
    made.chart = new Chart(made.canvas, config(spec, colours));
    charts.push(made);
  }
}

/** Redraws every chart in the theme's colours (after a Teams theme change). */
export function recolour() {
  const colours = palette();
  for (const made of charts) {
    made.chart.destroy();
    made.chart = new Chart(made.canvas, config(made.spec, colours));
  }
}

function destroy() {
  for (const made of charts.splice(0)) made.chart.destroy();
}

export { format };
