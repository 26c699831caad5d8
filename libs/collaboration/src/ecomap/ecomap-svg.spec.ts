import { type EcomapEdgeFacts, type EcomapNodeFacts } from '../shared/ecomap-sources.js';
import { arrowHeads, buildEcomapSvg, escapeXml, layoutEcomap, PERSON_KEY } from './ecomap-svg.js';

/**
 * A strict enough XML well-formedness check for the builder's output: one root element, every tag closed in
 * order, attributes quoted and unique, and no bare `<` or `&` in text or attribute values.
 */
function assertWellFormed(xml: string): void {
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  const stack: string[] = [];
  let roots = 0;
  let match: RegExpExecArray | null;
  while ((match = token.exec(xml)) !== null) {
    const [, closing, name, attrs, selfClosing, text, bare] = match;
    if (bare) throw new Error(`bare < at ${match.index}: ${xml.slice(match.index, match.index + 40)}`);
    const checkEntities = (value: string) => {
      const stray = value.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, '');
      if (stray.includes('&')) throw new Error(`bare & in ${value}`);
    };
    if (text !== undefined) {
      if (stack.length === 0 && text.trim()) throw new Error('text outside the root element');
      checkEntities(text);
      continue;
    }
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
      continue;
    }
    const names = [...(attrs ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)].map(([, attr, value]) => {
      checkEntities(value);
      return attr;
    });
    if (new Set(names).size !== names.length) throw new Error(`duplicate attribute on <${name}>`);
    if (stack.length === 0) roots += 1;
    if (!selfClosing) stack.push(name);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('> <')}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
}

const person: EcomapNodeFacts = { key: PERSON_KEY, kind: 'PERSON', label: '山田 花子', detail: '本人' };
const nodes: EcomapNodeFacts[] = [
  person,
  { key: 'relation:1', kind: 'FAMILY', label: '母', detail: '家族・親族' },
  { key: 'relation:2', kind: 'NEIGHBOUR', label: '民生委員の田中さん', detail: '近隣' },
  { key: 'relation:3', kind: 'FAMILY', label: '兄', detail: '家族・親族' },
  { key: 'agency:1', kind: 'AGENCY', label: '中川区社会福祉協議会', detail: '支援中' },
  { key: 'agency:2', kind: 'AGENCY', label: 'ハローワーク名古屋中', detail: '依頼中' },
];
const edges: EcomapEdgeFacts[] = [
  { from: PERSON_KEY, to: 'relation:1', strength: 'STRONG', direction: 'MUTUAL' },
  { from: PERSON_KEY, to: 'relation:2', strength: 'WEAK', direction: 'TO_PERSON' },
  { from: PERSON_KEY, to: 'relation:3', strength: 'STRESSFUL', direction: 'FROM_PERSON' },
  { from: PERSON_KEY, to: 'agency:1', strength: 'STRONG', direction: 'TO_PERSON' },
  { from: PERSON_KEY, to: 'agency:2', strength: 'WEAK', direction: 'TO_PERSON' },
];

describe('escapeXml', () => {
  it('escapes the five XML specials and drops characters XML 1.0 cannot hold', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('a\u0001b\u000Bc\u001Fd\tE\nF\uFFFE')).toBe('abcd\tE\nF');
    expect(escapeXml('x\uD800y')).toBe('xy');
    expect(escapeXml('😀 支援')).toBe('😀 支援');
  });
});

describe('layoutEcomap', () => {
  it('pins the person at the centre, places every other node apart from it and from each other', () => {
    const layout = layoutEcomap({ nodes, edges });
    const centre = layout.nodes.find((node) => node.key === PERSON_KEY)!;
    expect([centre.x, centre.y]).toEqual([0, 0]);
    for (const node of layout.nodes.filter((candidate) => candidate !== centre)) {
      expect(Math.hypot(node.x, node.y)).toBeGreaterThan(centre.width / 2);
    }
    for (const a of layout.nodes) {
      for (const b of layout.nodes) {
        if (a === b) continue;
        const apart =
          Math.abs(a.x - b.x) >= (a.width + b.width) / 2 || Math.abs(a.y - b.y) >= (a.height + b.height) / 2;
        expect(apart).toBe(true);
      }
    }
  });

  it('draws strong relations closer to the person than weak ones', () => {
    const layout = layoutEcomap({
      nodes: [person, ...['a', 'b'].map((key) => ({ key, kind: 'FRIEND' as const, label: key }))],
      edges: [
        { from: PERSON_KEY, to: 'a', strength: 'STRONG', direction: 'MUTUAL' },
        { from: PERSON_KEY, to: 'b', strength: 'WEAK', direction: 'MUTUAL' },
      ],
    });
    const distance = (key: string) => {
      const node = layout.nodes.find((candidate) => candidate.key === key)!;
      return Math.hypot(node.x, node.y);
    };
    expect(distance('a')).toBeLessThan(distance('b'));
  });

  it('gives the same picture for the same graph, and drops duplicate nodes and dangling edges', () => {
    const first = buildEcomapSvg({ nodes, edges }).svg;
    const again = buildEcomapSvg({ nodes: [...nodes].reverse(), edges }).svg;
    expect(again).toBe(first);
    const layout = layoutEcomap({
      nodes: [...nodes, { ...nodes[1], label: '別の母' }],
      edges: [...edges, { from: PERSON_KEY, to: 'relation:missing', strength: 'WEAK', direction: 'MUTUAL' }],
    });
    expect(layout.nodes).toHaveLength(nodes.length);
    expect(layout.edges).toEqual(edges);
  });
});

describe('arrowHeads', () => {
  it('points TO_PERSON at the person, FROM_PERSON away from it, MUTUAL both ways', () => {
    const edge = (direction: EcomapEdgeFacts['direction'], from = PERSON_KEY, to = 'x'): EcomapEdgeFacts => ({
      from,
      to,
      direction,
      strength: 'WEAK',
    });
    expect(arrowHeads(edge('TO_PERSON'))).toEqual({ start: true, end: false });
    expect(arrowHeads(edge('TO_PERSON', 'x', PERSON_KEY))).toEqual({ start: false, end: true });
    expect(arrowHeads(edge('FROM_PERSON'))).toEqual({ start: false, end: true });
    expect(arrowHeads(edge('MUTUAL'))).toEqual({ start: true, end: true });
  });
});

describe('buildEcomapSvg', () => {
  it('is one well-formed SVG document with every label, a Japanese legend and each strength drawn its own way', () => {
    const { svg } = buildEcomapSvg({ nodes, edges });
    assertWellFormed(svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    for (const node of nodes) expect(svg).toContain(`>${node.label}</text>`);
    expect(svg).toContain('>エコマップ</title>');
    for (const text of [
      '凡例',
      '強い関係（太線）',
      '弱い関係（破線）',
      'ストレス・対立のある関係（赤の波線）',
      '家族・親族',
      '支援機関',
    ]) {
      expect(svg).toContain(text);
    }
    expect(svg).toMatch(/<line [^>]*class="edge edge-strong"[^>]*stroke-width="4"/);
    expect(svg).toMatch(/<line [^>]*class="edge edge-weak"[^>]*stroke-dasharray="8 6"/);
    expect(svg).toMatch(/<polyline [^>]*class="edge edge-stressful"[^>]*stroke="#c0392b"/);
    // MUTUAL: both heads; TO_PERSON from the person: the head at the person's (start) end only.
    expect(svg).toMatch(
      /class="edge edge-strong"[^>]*marker-start="url\(#ecomap-arrow\)" marker-end="url\(#ecomap-arrow\)" data-from="person" data-to="relation:1"/,
    );
    expect(svg).toMatch(/marker-start="url\(#ecomap-arrow\)" data-from="person" data-to="agency:1"/);
  });

  it('escapes labels and details, in text and in attributes, so that no label can inject markup', () => {
    const hostile = `<script>alert("x")</script> & 'co'`;
    const { svg } = buildEcomapSvg({
      nodes: [person, { key: `relation:"><script>`, kind: 'FRIEND', label: hostile, detail: '<b>&amp;</b>' }],
      edges: [{ from: PERSON_KEY, to: `relation:"><script>`, strength: 'WEAK', direction: 'MUTUAL', label: '<&>' }],
    });
    assertWellFormed(svg);
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('>&lt;script&gt;alert(&quot;x&quot;…</text>');
    expect(svg).toContain('<title>友人: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;co&apos;');
    expect(svg).toContain('data-key="relation:&quot;&gt;&lt;script&gt;"');
    expect(svg).toContain('&lt;b&gt;&amp;amp;&lt;/b&gt;');
    expect(svg).toContain('>&lt;&amp;&gt;</text>');
  });

  it('draws a person with no relations yet', () => {
    const { svg, layout } = buildEcomapSvg({ nodes: [{ ...person, label: '本人', detail: null }], edges: [] });
    assertWellFormed(svg);
    expect(layout.nodes).toHaveLength(1);
    expect(svg).toContain('>本人</text>');
  });
});
