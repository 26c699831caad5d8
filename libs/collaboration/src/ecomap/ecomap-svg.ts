/**
 * Lays out a person's ecomap and draws it as SVG. Pure: no Nest, no database.
 *
 * The layout is d3-force's: the person is pinned in the centre, every relation pulls its node towards the
 * person (stronger relations closer), nodes repel each other and never overlap (collision by the size of their
 * labels). d3-force starts from the positions given and uses no randomness of its own, so one graph always
 * gives one picture.
 */
import { forceCollide, forceLink, forceManyBody, forceSimulation, type SimulationNodeDatum } from 'd3-force';
import {
  type EcomapEdgeFacts,
  type EcomapNodeFacts,
  type EcomapNodeKind,
  type EcomapStrength,
} from '../shared/ecomap-sources.js';

/** The person's node key in every ecomap. */
export const PERSON_KEY = 'person';

export const NODE_KIND_LABELS: Record<EcomapNodeKind, string> = {
  PERSON: '本人',
  FAMILY: '家族・親族',
  FRIEND: '友人',
  NEIGHBOUR: '近隣',
  COMMUNITY_ORGANISATION: '地域組織・当事者団体',
  BUSINESS: '商店・企業',
  INFORMAL_SUPPORTER: 'インフォーマルな支援者',
  AGENCY: '支援機関',
  COMMUNITY_RESOURCE: '地域資源',
  OTHER: 'その他',
};

const STRENGTH_LABELS: Record<EcomapStrength, string> = {
  STRONG: '強い関係（太線）',
  WEAK: '弱い関係（破線）',
  STRESSFUL: 'ストレス・対立のある関係（赤の波線）',
};

const KIND_ORDER: readonly EcomapNodeKind[] = [
  'PERSON',
  'FAMILY',
  'FRIEND',
  'NEIGHBOUR',
  'COMMUNITY_ORGANISATION',
  'BUSINESS',
  'INFORMAL_SUPPORTER',
  'OTHER',
  'AGENCY',
  'COMMUNITY_RESOURCE',
];

const FILL: Record<EcomapNodeKind, string> = {
  PERSON: '#fff3c4',
  FAMILY: '#fde2e4',
  FRIEND: '#e2f0cb',
  NEIGHBOUR: '#dbeafe',
  COMMUNITY_ORGANISATION: '#e9d5ff',
  BUSINESS: '#fed7aa',
  INFORMAL_SUPPORTER: '#ccfbf1',
  AGENCY: '#e5e7eb',
  COMMUNITY_RESOURCE: '#d9f99d',
  OTHER: '#f5f5f4',
};

/** Organisations are drawn as rectangles, people as rounded pills, the person as a double circle. */
const ORGANISATIONS: readonly EcomapNodeKind[] = ['COMMUNITY_ORGANISATION', 'BUSINESS', 'AGENCY', 'COMMUNITY_RESOURCE'];

const LINK_DISTANCE: Record<EcomapStrength, number> = { STRONG: 170, WEAK: 250, STRESSFUL: 210 };
const STRESS_COLOUR = '#c0392b';
const LINE_COLOUR = '#374151';
const FONT = "'Hiragino Sans', 'Noto Sans CJK JP', 'Noto Sans JP', Meiryo, sans-serif";
const LABEL_SIZE = 13;
const DETAIL_SIZE = 11;
const MAX_LABEL = 18;

export interface EcomapGraph {
  nodes: readonly EcomapNodeFacts[];
  edges: readonly EcomapEdgeFacts[];
}

export interface PlacedNode extends EcomapNodeFacts {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface EcomapLayout {
  nodes: PlacedNode[];
  /** Only edges whose two ends are nodes of the graph. */
  edges: EcomapEdgeFacts[];
}

/** Text safe inside an XML element or a double- or single-quoted attribute; characters XML 1.0 forbids are dropped. */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** At most `max` characters (code points), with an ellipsis when cut. */
function shorten(text: string, max = MAX_LABEL): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** An estimate of the drawn width: full-width (CJK) characters take 1em, others about 0.6em. */
function textWidth(text: string, size: number): number {
  let width = 0;
  for (const char of text) width += (char.codePointAt(0) ?? 0) > 0x2e7f ? size : size * 0.6;
  return width;
}

function nodeSize(node: EcomapNodeFacts): { width: number; height: number } {
  const label = textWidth(shorten(node.label), LABEL_SIZE);
  const detail = node.detail ? textWidth(shorten(node.detail), DETAIL_SIZE) : 0;
  const width = Math.max(80, label + 24, detail + 24);
  if (node.kind === 'PERSON') {
    const diameter = Math.max(96, width + 8);
    return { width: diameter, height: diameter };
  }
  return { width, height: node.detail ? 46 : 34 };
}

interface SimNode extends SimulationNodeDatum {
  key: string;
}

/** Positions for every node: the person at (0, 0), the others around it. Deterministic. */
export function layoutEcomap(graph: EcomapGraph): EcomapLayout {
  const unique = new Map<string, EcomapNodeFacts>();
  for (const node of graph.nodes) if (!unique.has(node.key)) unique.set(node.key, node);
  const ordered = [...unique.values()].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      a.label.localeCompare(b.label, 'ja') ||
      a.key.localeCompare(b.key),
  );
  const edges = graph.edges.filter((edge) => unique.has(edge.from) && unique.has(edge.to) && edge.from !== edge.to);
  const sizes = new Map(ordered.map((node) => [node.key, nodeSize(node)]));

  const others = ordered.filter((node) => node.key !== PERSON_KEY);
  const simNodes: SimNode[] = ordered.map((node) => {
    if (node.key === PERSON_KEY) return { key: node.key, x: 0, y: 0, fx: 0, fy: 0 };
    // Start on a ring around the person, in kind order, so that kinds stay together.
    const angle = (2 * Math.PI * others.indexOf(node)) / Math.max(others.length, 1) - Math.PI / 2;
    return { key: node.key, x: 220 * Math.cos(angle), y: 220 * Math.sin(angle) };
  });
  const links = edges.map((edge) => ({ source: edge.from, target: edge.to, strength: edge.strength }));
  const radius = (node: SimNode) => {
    const size = sizes.get(node.key)!;
    return Math.hypot(size.width, size.height) / 2 + 10;
  };
  forceSimulation<SimNode>(simNodes)
    .force(
      'link',
      forceLink<SimNode, (typeof links)[number]>(links)
        .id((node) => node.key)
        .distance((link) => LINK_DISTANCE[link.strength])
        .strength(0.6),
    )
    .force('charge', forceManyBody<SimNode>().strength(-600).distanceMax(800))
    .force('collide', forceCollide<SimNode>(radius).strength(1).iterations(2))
    .stop()
    .tick(300);

  const placed = ordered.map((node, index): PlacedNode => {
    const sim = simNodes[index];
    return { ...node, x: round(sim.x ?? 0), y: round(sim.y ?? 0), ...sizes.get(node.key)! };
  });
  return { nodes: placed, edges };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Where the segment from the node's centre towards (tx, ty) leaves the node's outline. */
function boundaryPoint(node: PlacedNode, tx: number, ty: number): [number, number] {
  const dx = tx - node.x;
  const dy = ty - node.y;
  if (dx === 0 && dy === 0) return [node.x, node.y];
  let t: number;
  if (node.kind === 'PERSON') {
    t = node.width / 2 / Math.hypot(dx, dy);
  } else {
    const hw = node.width / 2;
    const hh = node.height / 2;
    t = Math.min(dx === 0 ? Infinity : hw / Math.abs(dx), dy === 0 ? Infinity : hh / Math.abs(dy));
  }
  return [node.x + dx * t, node.y + dy * t];
}

/** A zig-zag from a to b (the stressful line), straight for the last few pixels at each end for the arrowheads. */
function zigzag(ax: number, ay: number, bx: number, by: number): string {
  const length = Math.hypot(bx - ax, by - ay);
  if (length === 0) return `${round(ax)},${round(ay)}`;
  const ux = (bx - ax) / length;
  const uy = (by - ay) / length;
  const straight = Math.min(12, length / 4);
  const steps = Math.max(2, Math.floor((length - 2 * straight) / 10));
  const at = (along: number, side: number) =>
    `${round(ax + ux * along - uy * side)},${round(ay + uy * along + ux * side)}`;
  const points: string[] = [at(0, 0), at(straight, 0)];
  for (let step = 1; step < steps; step++) {
    points.push(at(straight + ((length - 2 * straight) * step) / steps, step % 2 === 0 ? -5 : 5));
  }
  points.push(at(length - straight, 0), at(length, 0));
  return points.join(' ');
}

function attributes(values: Record<string, string | number | null | undefined>): string {
  return Object.entries(values)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([name, value]) => `${name}="${typeof value === 'number' ? round(value) : escapeXml(value as string)}"`)
    .join(' ');
}

function edgeSvg(edge: EcomapEdgeFacts, byKey: Map<string, PlacedNode>): string {
  const from = byKey.get(edge.from)!;
  const to = byKey.get(edge.to)!;
  const [ax, ay] = boundaryPoint(from, to.x, to.y);
  const [bx, by] = boundaryPoint(to, from.x, from.y);
  const ends = arrowHeads(edge);
  const stressful = edge.strength === 'STRESSFUL';
  const marker = stressful ? 'url(#ecomap-arrow-stress)' : 'url(#ecomap-arrow)';
  const common = {
    class: `edge edge-${edge.strength.toLowerCase()}`,
    fill: 'none',
    stroke: stressful ? STRESS_COLOUR : LINE_COLOUR,
    'stroke-width': edge.strength === 'STRONG' ? 4 : stressful ? 2 : 1.5,
    'stroke-dasharray': edge.strength === 'WEAK' ? '8 6' : null,
    'marker-start': ends.start ? marker : null,
    'marker-end': ends.end ? marker : null,
    'data-from': edge.from,
    'data-to': edge.to,
  };
  const shape = stressful
    ? `<polyline ${attributes({ points: zigzag(ax, ay, bx, by), ...common })}/>`
    : `<line ${attributes({ x1: ax, y1: ay, x2: bx, y2: by, ...common })}/>`;
  if (!edge.label) return shape;
  const label = `<text ${attributes({
    x: (ax + bx) / 2,
    y: (ay + by) / 2 - 6,
    'text-anchor': 'middle',
    'font-size': DETAIL_SIZE,
    fill: '#4b5563',
  })}>${escapeXml(shorten(edge.label))}</text>`;
  return `${shape}${label}`;
}

/**
 * Arrowheads for an edge drawn from `from` to `to`: TO_PERSON points at the person's end, FROM_PERSON away from
 * it, MUTUAL both ways. When neither end is the person, `from` stands for the person's side.
 */
export function arrowHeads(edge: EcomapEdgeFacts): { start: boolean; end: boolean } {
  const personAtEnd = edge.to === PERSON_KEY;
  switch (edge.direction) {
    case 'TO_PERSON':
      return { start: !personAtEnd, end: personAtEnd };
    case 'FROM_PERSON':
      return { start: personAtEnd, end: !personAtEnd };
    case 'MUTUAL':
      return { start: true, end: true };
  }
}

function nodeSvg(node: PlacedNode): string {
  const label = escapeXml(shorten(node.label));
  const detail = node.detail ? escapeXml(shorten(node.detail)) : null;
  const title = `<title>${escapeXml(`${NODE_KIND_LABELS[node.kind]}: ${node.label}${node.detail ? `（${node.detail}）` : ''}`)}</title>`;
  let shape: string;
  if (node.kind === 'PERSON') {
    const r = node.width / 2;
    shape =
      `<circle ${attributes({ cx: node.x, cy: node.y, r, fill: FILL.PERSON, stroke: '#92400e', 'stroke-width': 2 })}/>` +
      `<circle ${attributes({ cx: node.x, cy: node.y, r: r - 5, fill: 'none', stroke: '#92400e', 'stroke-width': 1 })}/>`;
  } else {
    shape = `<rect ${attributes({
      x: node.x - node.width / 2,
      y: node.y - node.height / 2,
      width: node.width,
      height: node.height,
      rx: ORGANISATIONS.includes(node.kind) ? 6 : node.height / 2,
      fill: FILL[node.kind],
      stroke: '#6b7280',
      'stroke-width': 1,
    })}/>`;
  }
  const labelY = detail ? node.y - 2 : node.y + LABEL_SIZE / 2 - 1;
  const texts =
    `<text ${attributes({ x: node.x, y: labelY, 'text-anchor': 'middle', 'font-size': LABEL_SIZE, fill: '#111827' })}>${label}</text>` +
    (detail
      ? `<text ${attributes({ x: node.x, y: node.y + 14, 'text-anchor': 'middle', 'font-size': DETAIL_SIZE, fill: '#4b5563' })}>${detail}</text>`
      : '');
  return `<g ${attributes({ class: `node node-${node.kind.toLowerCase()}`, 'data-key': node.key })}>${title}${shape}${texts}</g>`;
}

const LEGEND_ROW = 22;

function legendSvg(x: number, y: number, kinds: readonly EcomapNodeKind[]): { svg: string; height: number } {
  const parts: string[] = [
    `<text ${attributes({ x: x, y: y + 14, 'font-size': LABEL_SIZE, 'font-weight': 'bold', fill: '#111827' })}>凡例</text>`,
  ];
  let row = y + 34;
  for (const strength of ['STRONG', 'WEAK', 'STRESSFUL'] as const) {
    const sample: EcomapEdgeFacts = { from: 'a', to: 'b', strength, direction: 'MUTUAL' };
    const stroke = strength === 'STRESSFUL' ? STRESS_COLOUR : LINE_COLOUR;
    const line =
      strength === 'STRESSFUL'
        ? `<polyline ${attributes({ points: zigzag(x, row - 4, x + 48, row - 4), fill: 'none', stroke, 'stroke-width': 2 })}/>`
        : `<line ${attributes({
            x1: x,
            y1: row - 4,
            x2: x + 48,
            y2: row - 4,
            stroke,
            'stroke-width': sample.strength === 'STRONG' ? 4 : 1.5,
            'stroke-dasharray': sample.strength === 'WEAK' ? '8 6' : null,
          })}/>`;
    parts.push(
      `<g class="legend-strength">${line}<text ${attributes({ x: x + 58, y: row, 'font-size': DETAIL_SIZE + 1, fill: '#111827' })}>${escapeXml(STRENGTH_LABELS[strength])}</text></g>`,
    );
    row += LEGEND_ROW;
  }
  parts.push(
    `<g class="legend-direction"><line ${attributes({ x1: x, y1: row - 4, x2: x + 48, y2: row - 4, stroke: LINE_COLOUR, 'stroke-width': 1.5, 'marker-end': 'url(#ecomap-arrow)' })}/>` +
      `<text ${attributes({ x: x + 58, y: row, 'font-size': DETAIL_SIZE + 1, fill: '#111827' })}>${escapeXml('矢印：支援・働きかけの向き（両矢印は相互）')}</text></g>`,
  );
  row += LEGEND_ROW + 6;
  let column = 0;
  for (const kind of kinds) {
    const cx = x + column * 180;
    parts.push(
      `<g class="legend-kind"><rect ${attributes({ x: cx, y: row - 12, width: 16, height: 14, rx: ORGANISATIONS.includes(kind) ? 2 : 7, fill: FILL[kind], stroke: '#6b7280' })}/>` +
        `<text ${attributes({ x: cx + 22, y: row, 'font-size': DETAIL_SIZE + 1, fill: '#111827' })}>${escapeXml(NODE_KIND_LABELS[kind])}</text></g>`,
    );
    column += 1;
    if (column === 3) {
      column = 0;
      row += LEGEND_ROW;
    }
  }
  if (column > 0) row += LEGEND_ROW;
  return { svg: parts.join(''), height: row - y };
}

/** The ecomap as a standalone SVG document: title, relations, nodes and a legend, labelled in Japanese. */
export function renderEcomapSvg(layout: EcomapLayout, title = 'エコマップ'): string {
  const byKey = new Map(layout.nodes.map((node) => [node.key, node]));
  const margin = 32;
  const minX = Math.min(0, ...layout.nodes.map((node) => node.x - node.width / 2)) - margin;
  const maxX = Math.max(0, ...layout.nodes.map((node) => node.x + node.width / 2)) + margin;
  const minY = Math.min(0, ...layout.nodes.map((node) => node.y - node.height / 2)) - margin - 28;
  const maxY = Math.max(0, ...layout.nodes.map((node) => node.y + node.height / 2)) + margin;
  const kinds = KIND_ORDER.filter((kind) => layout.nodes.some((node) => node.kind === kind));
  const legend = legendSvg(minX + margin, maxY, kinds.length > 0 ? kinds : ['PERSON']);
  const width = Math.max(maxX - minX, 600);
  const height = maxY - minY + legend.height + margin;
  const arrow = (id: string, colour: string) =>
    `<marker ${attributes({ id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerUnits: 'userSpaceOnUse', markerWidth: 12, markerHeight: 12, orient: 'auto-start-reverse' })}><path ${attributes({ d: 'M0,0 L10,5 L0,10 z', fill: colour })}/></marker>`;
  return [
    `<svg ${attributes({
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `${round(minX)} ${round(minY)} ${round(width)} ${round(height)}`,
      width: width,
      height: height,
      'font-family': FONT,
      role: 'img',
      'aria-label': title,
    })}>`,
    `<title>${escapeXml(title)}</title>`,
    `<defs>${arrow('ecomap-arrow', LINE_COLOUR)}${arrow('ecomap-arrow-stress', STRESS_COLOUR)}</defs>`,
    `<rect ${attributes({ x: minX, y: minY, width, height, fill: '#ffffff' })}/>`,
    `<text ${attributes({ x: minX + margin, y: minY + 24, 'font-size': 16, 'font-weight': 'bold', fill: '#111827' })}>${escapeXml(title)}</text>`,
    `<g class="edges">${layout.edges.map((edge) => edgeSvg(edge, byKey)).join('')}</g>`,
    `<g class="nodes">${layout.nodes.map(nodeSvg).join('')}</g>`,
    `<g class="legend">${legend.svg}</g>`,
    '</svg>',
  ].join('');
}

/** Layout and picture in one step. */
export function buildEcomapSvg(graph: EcomapGraph): { layout: EcomapLayout; svg: string } {
  const layout = layoutEcomap(graph);
  return { layout, svg: renderEcomapSvg(layout) };
}
