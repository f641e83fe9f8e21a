// Drawings for the demo catalog's illustrations: each function returns SVG markup for one object,
// drawn around x = 240 on a 480 × 480 canvas whose floor is at y ≈ 390. Flat shapes, no text.

export const shade = (hex, amount) => {
  const value = parseInt(hex.slice(1), 16);
  const channel = (shift) => {
    const c = (value >> shift) & 255;
    const next = amount >= 0 ? c + (255 - c) * amount : c * (1 + amount);
    return Math.round(Math.max(0, Math.min(255, next)))
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(16)}${channel(8)}${channel(0)}`;
};

const shine = (d) => `<path d="${d}" fill="#fff" opacity=".28"/>`;
const dots = (points, r, fill, opacity = 1) =>
  points
    .map(([x, y]) => `<circle cx="${x}" cy="${y}" r="${r}" fill="${fill}" opacity="${opacity}"/>`)
    .join('');
const range = (n) => Array.from({ length: n }, (_, i) => i);

/** An eight-pointed star (two squares), the motif of zellige tiles. */
export const star = (cx, cy, r, fill, opacity = 1) => {
  const square = (rotation) =>
    range(4)
      .map((i) => {
        const a = ((rotation + i * 90) * Math.PI) / 180;
        return `${(cx + r * Math.cos(a)).toFixed(1)},${(cy + r * Math.sin(a)).toFixed(1)}`;
      })
      .join(' ');
  return `<g fill="${fill}" opacity="${opacity}"><polygon points="${square(0)}"/><polygon points="${square(45)}"/></g>`;
};

const zigzag = (x0, x1, y, h, step, color, width = 4) => {
  let d = `M${x0} ${y}`;
  for (let x = x0 + step, up = true; x <= x1; x += step, up = !up) d += ` L${x} ${up ? y - h : y}`;
  return `<path d="${d}" fill="none" stroke="${color}" stroke-width="${width}" stroke-linejoin="round"/>`;
};

export const art = {
  bottle({ glass = '#e9f3ef', liquid, cap, label = '#f7efe0', mark = liquid, tall = 1 }) {
    const bottom = 388;
    const bodyTop = bottom - Math.round(170 * tall);
    const neckTop = bodyTop - 100;
    const labelTop = Math.round((bodyTop + bottom) / 2) - 40;
    return `
      <rect x="222" y="${neckTop - 34}" width="36" height="38" rx="6" fill="${cap}"/>
      <rect x="218" y="${neckTop - 2}" width="44" height="10" rx="3" fill="${shade(cap, -0.25)}"/>
      <path d="M228 ${neckTop + 8} h24 v32 q0 20 34 34 q22 12 22 26 v${bottom - bodyTop - 22} q0 22 -22 22 h-92 q-22 0 -22 -22 v${-(bottom - bodyTop - 22)} q0 -14 22 -26 q34 -14 34 -34 z" fill="${glass}" opacity=".9"/>
      <path d="M178 ${bodyTop + 14} h124 v${bottom - bodyTop - 34} q0 16 -16 16 h-92 q-16 0 -16 -16 z" fill="${liquid}"/>
      <rect x="190" y="${labelTop}" width="100" height="80" rx="8" fill="${label}"/>
      ${star(240, labelTop + 40, 22, mark, 0.9)}
      ${shine(`M182 ${bodyTop + 10} h12 v${bottom - bodyTop - 30} h-12 z`)}`;
  },

  dropper({ glass, liquid, bulb }) {
    return `
      <rect x="226" y="96" width="28" height="64" rx="14" fill="${bulb}"/>
      <rect x="214" y="152" width="52" height="34" rx="6" fill="${shade(bulb, -0.2)}"/>
      <rect x="236" y="186" width="8" height="150" fill="#fff" opacity=".6"/>
      <path d="M204 186 h72 q18 0 18 22 v150 q0 20 -20 20 h-68 q-20 0 -20 -20 v-150 q0 -22 18 -22 z" fill="${glass}" opacity=".85"/>
      <path d="M186 250 h108 v108 q0 20 -20 20 h-68 q-20 0 -20 -20 z" fill="${liquid}" opacity=".9"/>
      <rect x="200" y="276" width="80" height="56" rx="6" fill="#f7efe0"/>
      ${star(240, 304, 16, shade(liquid, -0.2))}
      ${shine('M196 200 h12 v150 h-12 z')}`;
  },

  jar({ glass = '#eef4f2', content, lid, fill = 0.75, pieces = '' }) {
    const contentTop = 380 - 190 * fill;
    return `
      <path d="M168 170 h144 q16 0 16 18 v172 q0 24 -24 24 h-128 q-24 0 -24 -24 v-172 q0 -18 16 -18 z" fill="${glass}" opacity=".9"/>
      <path d="M156 ${contentTop} h168 v${372 - contentTop} q0 12 -14 12 h-140 q-14 0 -14 -12 z" fill="${content}"/>
      ${pieces}
      <rect x="160" y="126" width="160" height="48" rx="10" fill="${lid}"/>
      <rect x="160" y="160" width="160" height="10" fill="${shade(lid, -0.2)}"/>
      ${range(9)
        .map(
          (i) =>
            `<rect x="${172 + i * 16}" y="132" width="6" height="26" rx="3" fill="${shade(lid, 0.18)}"/>`,
        )
        .join('')}
      ${shine('M170 190 h14 v170 h-14 z')}`;
  },

  bowlMound({ bowl, band, mound, speck }) {
    const specks = range(28).map((i) => [170 + ((i * 53) % 140), 214 + ((i * 37) % 70)]);
    return `
      <path d="M150 262 q90 -150 180 0 z" fill="${mound}"/>
      ${dots(
        specks.filter(([x, y]) => Math.abs(x - 240) < 80 - (262 - y) * 0.3),
        3,
        speck,
        0.7,
      )}
      <path d="M120 262 h240 q-6 96 -100 112 h-40 q-94 -16 -100 -112 z" fill="${bowl}"/>
      <ellipse cx="240" cy="262" rx="120" ry="14" fill="${shade(bowl, -0.15)}"/>
      <path d="M132 300 h216" stroke="${band}" stroke-width="10"/>
      ${zigzag(144, 336, 326, 10, 12, band, 4)}
      <rect x="212" y="372" width="56" height="12" rx="4" fill="${shade(bowl, -0.25)}"/>`;
  },

  mitt({ color }) {
    const lines = range(10)
      .map(
        (i) =>
          `<path d="M${176 + i * 13} 150 v196" stroke="${shade(color, -0.18)}" stroke-width="4"/>`,
      )
      .join('');
    return `
      <path d="M170 350 v-170 q0 -60 60 -60 h20 q60 0 60 60 v170 z" fill="${color}"/>
      <path d="M170 250 q-50 -10 -52 -56 q-2 -30 24 -30 q20 0 28 30 z" fill="${color}"/>
      ${lines}
      <rect x="164" y="340" width="152" height="40" rx="8" fill="${shade(color, -0.3)}"/>
      ${zigzag(172, 308, 366, 8, 8, shade(color, 0.3), 3)}`;
  },

  tin({ metal, accent }) {
    return `
      <path d="M130 250 v60 q0 40 110 40 q110 0 110 -40 v-60 z" fill="${shade(metal, -0.2)}"/>
      <ellipse cx="240" cy="250" rx="110" ry="40" fill="${metal}"/>
      <ellipse cx="240" cy="250" rx="84" ry="29" fill="none" stroke="${shade(metal, -0.25)}" stroke-width="4"/>
      ${star(240, 250, 26, accent)}
      ${range(12)
        .map((i) => {
          const a = (i * Math.PI) / 6;
          return `<circle cx="${(240 + 98 * Math.cos(a)).toFixed(1)}" cy="${(250 + 34 * Math.sin(a)).toFixed(1)}" r="3.5" fill="${shade(metal, -0.3)}"/>`;
        })
        .join('')}
      <path d="M130 290 q110 40 220 0" stroke="${shade(metal, 0.2)}" stroke-width="4" fill="none"/>`;
  },

  tajine({ base, lid, pattern, knob, painted = true }) {
    const decoration = painted
      ? `${zigzag(176, 304, 300, 12, 16, pattern, 5)}${dots(
          range(7).map((i) => [196 + i * 15, 250 - Math.abs(3 - i) * 4]),
          5,
          pattern,
        )}
         <path d="M168 318 q72 14 144 0" stroke="${shade(pattern, 0.2)}" stroke-width="6" fill="none"/>`
      : `<path d="M190 300 q50 10 100 0" stroke="${shade(lid, -0.2)}" stroke-width="4" fill="none"/>`;
    return `
      <ellipse cx="240" cy="352" rx="150" ry="30" fill="${shade(base, -0.2)}"/>
      <ellipse cx="240" cy="342" rx="150" ry="28" fill="${base}"/>
      <path d="M140 336 q40 -40 70 -150 q6 -24 30 -24 q24 0 30 24 q30 110 70 150 q-100 24 -200 0 z" fill="${lid}"/>
      <ellipse cx="240" cy="160" rx="18" ry="10" fill="${knob}"/>
      <circle cx="240" cy="146" r="14" fill="${knob}"/>
      ${decoration}
      ${shine('M214 190 q-18 70 -54 136 l14 2 q34 -60 48 -136 z')}`;
  },

  couscoussier({ metal }) {
    const holes = range(12).map((i) => [182 + (i % 6) * 23, 196 + Math.floor(i / 6) * 22]);
    return `
      <rect x="156" y="244" width="168" height="134" rx="18" fill="${metal}"/>
      <rect x="122" y="270" width="40" height="14" rx="7" fill="${shade(metal, -0.3)}"/>
      <rect x="318" y="270" width="40" height="14" rx="7" fill="${shade(metal, -0.3)}"/>
      <path d="M166 244 l-6 -70 h160 l-6 70 z" fill="${shade(metal, -0.1)}"/>
      ${dots(holes, 5, shade(metal, -0.4))}
      <ellipse cx="240" cy="170" rx="88" ry="18" fill="${shade(metal, 0.15)}"/>
      <path d="M162 170 q78 -70 156 0 z" fill="${shade(metal, 0.05)}"/>
      <rect x="226" y="114" width="28" height="16" rx="6" fill="${shade(metal, -0.35)}"/>
      <path d="M156 250 h168" stroke="${shade(metal, -0.25)}" stroke-width="6"/>
      ${shine('M170 260 h14 v108 h-14 z')}`;
  },

  plate({ glaze, ink }) {
    const ring = (r, w, color) =>
      `<ellipse cx="240" cy="260" rx="${r}" ry="${r * 0.8}" fill="none" stroke="${color}" stroke-width="${w}"/>`;
    const petals = range(12)
      .map((i) => {
        const a = (i * Math.PI) / 6;
        return `<ellipse cx="${(240 + 92 * Math.cos(a)).toFixed(1)}" cy="${(260 + 73.6 * Math.sin(a)).toFixed(1)}" rx="12" ry="9" fill="${ink}"/>`;
      })
      .join('');
    return `
      <ellipse cx="240" cy="272" rx="160" ry="128" fill="${shade(glaze, -0.15)}"/>
      <ellipse cx="240" cy="260" rx="160" ry="128" fill="${glaze}"/>
      ${ring(146, 8, ink)}${ring(118, 3, ink)}${petals}${ring(66, 4, ink)}
      <g transform="translate(0 0) scale(1 0.8) translate(0 65)">${star(240, 260, 44, ink)}${star(240, 260, 20, glaze)}</g>`;
  },

  woodBowl({ wood }) {
    const grain = range(6)
      .map(
        (i) =>
          `<path d="M${140 + i * 8} ${270 + i * 14} q100 ${40 - i * 4} ${200 - i * 16} 0" stroke="${shade(wood, -0.22)}" stroke-width="3" fill="none"/>`,
      )
      .join('');
    return `
      <path d="M100 250 h280 q-10 124 -140 130 q-130 -6 -140 -130 z" fill="${wood}"/>
      ${grain}
      <ellipse cx="240" cy="250" rx="140" ry="30" fill="${shade(wood, -0.3)}"/>
      <ellipse cx="240" cy="254" rx="122" ry="22" fill="${shade(wood, -0.12)}"/>
      <path d="M170 246 q20 -40 50 -10 q20 -40 50 -6 q30 -30 44 12 z" fill="#7fb069"/>
      <path d="M190 250 q16 -24 34 -4 q22 -22 40 2 z" fill="#a7c957"/>
      <rect x="206" y="374" width="68" height="12" rx="4" fill="${shade(wood, -0.3)}"/>`;
  },

  tray({ metal, legs = false }) {
    const rings = [150, 120, 86, 50]
      .map(
        (r, i) =>
          `<ellipse cx="240" cy="250" rx="${r}" ry="${r * 0.42}" fill="none" stroke="${shade(metal, i % 2 ? 0.2 : -0.25)}" stroke-width="${i === 0 ? 6 : 3}"/>`,
      )
      .join('');
    const petals = range(10)
      .map((i) => {
        const a = (i * Math.PI) / 5;
        return `<circle cx="${(240 + 103 * Math.cos(a)).toFixed(1)}" cy="${(250 + 43 * Math.sin(a)).toFixed(1)}" r="5" fill="${shade(metal, -0.3)}"/>`;
      })
      .join('');
    const stand = legs
      ? `<path d="M150 280 l-14 90 h16 l22 -84 z M330 280 l14 90 h-16 l-22 -84 z M230 300 h20 v76 h-20 z" fill="${shade(metal, -0.35)}"/>`
      : `<ellipse cx="240" cy="280" rx="170" ry="72" fill="${shade(metal, -0.35)}"/>`;
    return `${stand}
      <ellipse cx="240" cy="262" rx="170" ry="74" fill="${shade(metal, -0.2)}"/>
      <ellipse cx="240" cy="250" rx="170" ry="72" fill="${metal}"/>
      ${rings}${petals}
      <g transform="translate(0 145) scale(1 0.42)">${star(240, 250, 30, shade(metal, -0.3))}</g>`;
  },

  teapot({ metal }) {
    const dark = shade(metal, -0.3);
    return `
      <path d="M150 250 q-62 -70 -84 -40 q30 10 54 80 z" fill="${shade(metal, -0.1)}"/>
      <path d="M316 210 q60 -10 56 60 q-4 50 -50 70" stroke="${dark}" stroke-width="16" fill="none" stroke-linecap="round"/>
      <path d="M176 360 q-50 -40 -30 -110 q20 -60 94 -60 q74 0 94 60 q20 70 -30 110 z" fill="${metal}"/>
      <rect x="176" y="352" width="128" height="20" rx="6" fill="${dark}"/>
      <path d="M196 192 q44 -30 88 0 z" fill="${shade(metal, 0.1)}"/>
      <path d="M206 192 q34 -70 34 -70 q0 0 34 70 z" fill="${metal}"/>
      <circle cx="240" cy="116" r="10" fill="${dark}"/>
      <path d="M170 262 q70 30 140 0" stroke="${dark}" stroke-width="4" fill="none"/>
      ${dots(
        range(6).map((i) => [186 + i * 22, 290 + Math.abs(2.5 - i) * -3]),
        5,
        dark,
      )}
      ${shine('M176 300 q-4 -60 40 -90 l8 10 q-36 30 -34 84 z')}`;
  },

  teaGlasses({ tea, band, accent }) {
    const glass = (x, h) => `
      <path d="M${x - 38} ${380 - h} h76 l-8 ${h - 8} q0 8 -8 8 h-44 q-8 0 -8 -8 z" fill="#f4fbf8" opacity=".7"/>
      <path d="M${x - 34} ${380 - h * 0.7} h68 l-6 ${h * 0.7 - 8} q0 8 -8 8 h-40 q-8 0 -8 -8 z" fill="${tea}" opacity=".9"/>
      <rect x="${x - 37}" y="${380 - h + 10}" width="74" height="16" fill="${band}"/>
      ${dots(
        range(6).map((i) => [x - 30 + i * 12, 380 - h + 18]),
        3.5,
        accent,
      )}
      ${zigzag(x - 30, x + 30, 380 - h * 0.45, 8, 10, band, 3)}`;
    return `${glass(150, 150)}${glass(330, 150)}${glass(240, 170)}
      <path d="M250 206 q20 -40 50 -44 q-10 30 -50 44 z M250 206 q-8 -36 10 -58 q14 30 -10 58 z" fill="#3a9d5d"/>`;
  },

  teaBox({ color, accent }) {
    const pellets = range(16).map((i) => [120 + ((i * 41) % 240), 372 + ((i * 7) % 14)]);
    return `
      <rect x="160" y="120" width="160" height="250" rx="14" fill="${color}"/>
      <rect x="160" y="120" width="160" height="40" rx="14" fill="${shade(color, -0.2)}"/>
      <rect x="180" y="186" width="120" height="150" rx="10" fill="#f6efdc"/>
      <path d="M208 300 q-10 -40 32 -50 q42 10 32 50 z" fill="${accent}"/>
      <path d="M272 272 q26 -8 24 -28" stroke="${accent}" stroke-width="8" fill="none" stroke-linecap="round"/>
      <path d="M228 250 q12 -22 24 0 z" fill="${accent}"/>
      <path d="M216 218 q24 -30 48 0 q-24 12 -48 0 z" fill="#4caf50"/>
      ${dots(pellets, 7, '#5b7f3a')}
      ${shine('M170 170 h12 v190 h-12 z')}`;
  },

  pouch({ color, window, windowFill }) {
    return `
      <path d="M160 130 h160 l16 244 q0 8 -8 8 h-176 q-8 0 -8 -8 z" fill="${color}"/>
      <path d="M160 130 h160 v26 h-160 z" fill="${shade(color, -0.2)}"/>
      ${zigzag(160, 320, 130, 6, 8, shade(color, -0.3), 3)}
      ${window ? `<rect x="196" y="210" width="88" height="120" rx="40" fill="${windowFill}"/>${window}` : ''}
      ${shine('M170 170 h10 v200 h-14 z')}`;
  },

  lantern({ metal, glow }) {
    const holes = range(24).map((i) => [
      206 + (i % 6) * 14,
      210 + Math.floor(i / 6) * 34 + (i % 2) * 10,
    ]);
    return `
      <circle cx="240" cy="270" r="130" fill="${glow}" opacity=".25"/>
      <path d="M240 30 v70" stroke="${shade(metal, -0.4)}" stroke-width="5"/>
      <circle cx="240" cy="104" r="10" fill="none" stroke="${shade(metal, -0.4)}" stroke-width="5"/>
      <path d="M200 170 q40 -70 80 0 z" fill="${metal}"/>
      <path d="M240 114 l8 24 h-16 z" fill="${metal}"/>
      <rect x="188" y="168" width="104" height="14" rx="4" fill="${shade(metal, -0.25)}"/>
      <path d="M194 182 h92 l-6 160 h-80 z" fill="${metal}"/>
      ${holes.map(([x, y]) => star(x, y, 6, glow)).join('')}
      <path d="M200 342 h80 l-20 36 h-40 z" fill="${shade(metal, -0.25)}"/>
      ${shine('M200 190 h10 v146 h-8 z')}`;
  },

  rug({ wool, ink }) {
    const diamonds = range(3)
      .map((row) =>
        range(2)
          .map((col) => {
            const cx = 200 + col * 80;
            const cy = 150 + row * 90;
            return `<path d="M${cx} ${cy - 44} l40 44 l-40 44 l-40 -44 z" fill="none" stroke="${ink}" stroke-width="7" stroke-linejoin="round"/>`;
          })
          .join(''),
      )
      .join('');
    const fringe = (y, dir) =>
      range(17)
        .map(
          (i) =>
            `<path d="M${148 + i * 11.5} ${y} v${dir * 18}" stroke="${shade(wool, -0.1)}" stroke-width="4"/>`,
        )
        .join('');
    return `
      <g transform="rotate(-6 240 250)">
        ${fringe(104, -1)}${fringe(396, 1)}
        <rect x="140" y="104" width="200" height="292" rx="6" fill="${wool}"/>
        ${diamonds}
        ${dots(
          range(12).map((i) => [160 + (i % 2) * 160, 120 + Math.floor(i / 2) * 52]),
          4,
          ink,
          0.6,
        )}
      </g>`;
  },

  pouf({ leather, stitch }) {
    return `
      <ellipse cx="240" cy="360" rx="150" ry="26" fill="${shade(leather, -0.35)}"/>
      <path d="M90 250 q0 -30 150 -30 q150 0 150 30 v80 q0 40 -150 40 q-150 0 -150 -40 z" fill="${leather}"/>
      <ellipse cx="240" cy="246" rx="150" ry="40" fill="${shade(leather, 0.12)}"/>
      <ellipse cx="240" cy="246" rx="60" ry="16" fill="none" stroke="${stitch}" stroke-width="5"/>
      ${star(240, 246, 14, stitch)}
      ${zigzag(100, 380, 318, 18, 20, stitch, 5)}
      ${dots(
        range(13).map((i) => [106 + i * 22, 290]),
        4,
        stitch,
      )}`;
  },

  mirror({ wood }) {
    const notches = range(14).map((i) => {
      const a = Math.PI + (i * Math.PI) / 13;
      return [240 + 130 * Math.cos(a), 200 + 130 * Math.sin(a)];
    });
    return `
      <path d="M110 390 v-190 a130 130 0 0 1 260 0 v190 z" fill="${wood}"/>
      ${dots(notches, 7, shade(wood, -0.3))}
      <path d="M146 372 v-172 a94 94 0 0 1 188 0 v172 z" fill="${shade(wood, -0.3)}"/>
      <path d="M154 366 v-166 a86 86 0 0 1 172 0 v166 z" fill="#cfe3ea"/>
      <path d="M180 366 l120 -220 l18 24 l-100 196 z" fill="#fff" opacity=".45"/>
      ${range(6)
        .map(
          (i) =>
            `<rect x="${118 + i * 0}" y="${230 + i * 26}" width="16" height="14" rx="3" fill="${shade(wood, -0.3)}"/><rect x="346" y="${230 + i * 26}" width="16" height="14" rx="3" fill="${shade(wood, -0.3)}"/>`,
        )
        .join('')}`;
  },

  candle({ plaster }) {
    return `
      <circle cx="240" cy="150" r="70" fill="#ffd76a" opacity=".25"/>
      <path d="M240 110 q18 26 0 48 q-18 -22 0 -48 z" fill="#ffb300"/>
      <path d="M240 126 q8 14 0 26 q-8 -12 0 -26 z" fill="#fff3c4"/>
      <rect x="237" y="156" width="6" height="16" fill="#333"/>
      <rect x="210" y="170" width="60" height="60" rx="6" fill="#fbf6ea"/>
      <path d="M170 380 q-20 -80 0 -150 q70 -24 140 0 q20 70 0 150 z" fill="${plaster}"/>
      <ellipse cx="240" cy="232" rx="70" ry="14" fill="${shade(plaster, -0.15)}"/>
      ${shine('M184 250 q-12 60 0 120 h12 q-10 -60 2 -120 z')}`;
  },

  basket({ palm, leather }) {
    const weave = range(7)
      .map(
        (i) =>
          `<path d="M${132 - i * 0} ${210 + i * 24} h216" stroke="${shade(palm, i % 2 ? -0.15 : 0.1)}" stroke-width="14"/>`,
      )
      .join('');
    const ribs = range(12)
      .map(
        (i) =>
          `<path d="M${150 + i * 16} 206 l${(i - 5.5) * -2} 172" stroke="${shade(palm, -0.25)}" stroke-width="3"/>`,
      )
      .join('');
    return `
      <path d="M190 210 q0 -110 50 -110 q50 0 50 110" stroke="${leather}" stroke-width="14" fill="none"/>
      <path d="M130 200 h220 l-24 180 h-172 z" fill="${palm}"/>
      <g clip-path="url(#basket-clip)">${weave}${ribs}</g>
      <clipPath id="basket-clip"><path d="M130 200 h220 l-24 180 h-172 z"/></clipPath>
      <rect x="124" y="194" width="232" height="16" rx="6" fill="${shade(palm, -0.2)}"/>`;
  },

  cushion({ cloth, thread }) {
    return `
      <path d="M120 140 q120 -24 240 0 q-16 110 0 220 q-120 24 -240 0 q16 -110 0 -220 z" fill="${cloth}"/>
      <path d="M240 180 l70 70 l-70 70 l-70 -70 z" fill="none" stroke="${thread}" stroke-width="8" stroke-linejoin="round"/>
      ${star(240, 250, 26, thread)}
      ${zigzag(146, 334, 166, 10, 12, thread, 4)}${zigzag(146, 334, 344, 10, 12, thread, 4)}
      ${dots(
        [
          [150, 250],
          [330, 250],
        ],
        8,
        thread,
      )}`;
  },

  babouche({ leather, accent, embroidered = false }) {
    const slipper = (cx, cy, angle) => `
      <g transform="translate(${cx} ${cy}) rotate(${angle})">
        <path d="M0 -156 q58 66 54 158 q-2 66 -54 66 q-52 0 -54 -66 q-4 -92 54 -158 z" fill="${shade(leather, -0.35)}"/>
        <path d="M0 -148 q50 62 47 150 q-2 58 -47 58 q-45 0 -47 -58 q-3 -88 47 -150 z" fill="#f1dfb8"/>
        <ellipse cx="0" cy="14" rx="30" ry="36" fill="${shade('#f1dfb8', -0.12)}"/>
        <path d="M0 -148 q50 62 47 150 q-47 -30 -94 0 q-3 -88 47 -150 z" fill="${leather}"/>
        <path d="M-44 0 q44 -28 88 0" stroke="${shade(leather, -0.25)}" stroke-width="4" fill="none"/>
        ${
          embroidered
            ? `${dots(
                [
                  [0, -110],
                  [0, -84],
                  [0, -58],
                  [-14, -36],
                  [14, -36],
                ],
                5,
                accent,
              )}${star(0, -22, 12, accent)}`
            : `<path d="M0 -140 v124" stroke="${shade(leather, -0.2)}" stroke-width="3" stroke-dasharray="6 6"/>`
        }
        ${shine('M-30 -70 q10 -40 26 -64 l4 6 q-14 26 -22 60 z')}
      </g>`;
    return `${slipper(186, 262, -12)}${slipper(296, 270, 10)}`;
  },

  bag({ leather }) {
    return `
      <path d="M150 200 q0 -140 90 -140 q90 0 90 140" stroke="${shade(leather, -0.25)}" stroke-width="14" fill="none"/>
      <rect x="120" y="190" width="240" height="180" rx="24" fill="${leather}"/>
      <path d="M120 214 q0 -24 24 -24 h192 q24 0 24 24 v70 q-120 40 -240 0 z" fill="${shade(leather, -0.12)}"/>
      <rect x="226" y="280" width="28" height="40" rx="6" fill="#c9a227"/>
      <rect x="234" y="288" width="12" height="24" rx="3" fill="${shade(leather, -0.12)}"/>
      <path d="M136 206 h208 M136 356 h208" stroke="${shade(leather, 0.35)}" stroke-width="3" stroke-dasharray="8 6"/>
      ${zigzag(150, 330, 250, 10, 15, shade(leather, 0.3), 3)}`;
  },

  belt({ leather }) {
    return `
      <path d="M240 250 m-110 0 a110 110 0 1 1 110 110 a86 86 0 1 1 86 -86 a62 62 0 1 1 -62 -62" fill="none" stroke="${leather}" stroke-width="26"/>
      <path d="M240 250 m-110 0 a110 110 0 1 1 110 110 a86 86 0 1 1 86 -86 a62 62 0 1 1 -62 -62" fill="none" stroke="${shade(leather, 0.35)}" stroke-width="2" stroke-dasharray="6 6"/>
      <path d="M130 250 v110 h-40" stroke="${leather}" stroke-width="26" fill="none"/>
      <rect x="60" y="330" width="60" height="60" rx="10" fill="none" stroke="#c9a227" stroke-width="10"/>
      <path d="M90 330 v60" stroke="#c9a227" stroke-width="6"/>`;
  },

  wallet({ leather }) {
    return `
      <rect x="200" y="126" width="120" height="80" rx="8" fill="#3f88c5" transform="rotate(8 260 166)"/>
      <rect x="120" y="160" width="240" height="200" rx="22" fill="${leather}"/>
      <rect x="134" y="174" width="212" height="172" rx="14" fill="none" stroke="${shade(leather, 0.35)}" stroke-width="3" stroke-dasharray="8 6"/>
      <path d="M120 250 h240" stroke="${shade(leather, -0.2)}" stroke-width="6"/>
      ${star(240, 300, 18, shade(leather, -0.2))}
      ${shine('M130 180 h10 v160 h-10 z')}`;
  },

  djellaba({ cloth, trim }) {
    return `
      <path d="M200 100 q40 -60 80 0 l10 40 h-100 z" fill="${shade(cloth, -0.1)}"/>
      <path d="M190 130 h100 l50 40 l70 110 l-40 20 l-44 -60 l14 190 h-200 l14 -190 l-44 60 l-40 -20 l70 -110 z" fill="${cloth}"/>
      <path d="M240 140 v250" stroke="${trim}" stroke-width="6"/>
      ${dots(
        range(9).map((i) => [240, 158 + i * 24]),
        5,
        trim,
      )}
      <path d="M190 130 q50 50 100 0" stroke="${trim}" stroke-width="6" fill="none"/>
      <path d="M140 390 h200" stroke="${trim}" stroke-width="8"/>`;
  },

  scarf({ silk }) {
    return `
      <path d="M130 120 q110 -30 220 0 q-30 80 10 130 q-60 70 -20 140 h-60 q-30 -80 10 -150 q-40 -50 -40 -100 q-30 30 -60 30 q-20 80 0 150 h-60 q-20 -90 0 -200 z" fill="${silk}"/>
      <path d="M180 140 q70 -20 150 0" stroke="${shade(silk, 0.35)}" stroke-width="6" fill="none"/>
      <path d="M310 250 q-40 60 -20 140" stroke="${shade(silk, 0.3)}" stroke-width="5" fill="none"/>
      ${range(8)
        .map(
          (i) =>
            `<path d="M${162 + i * 7} 390 v18 M${290 + i * 7} 390 v18" stroke="${shade(silk, -0.2)}" stroke-width="3"/>`,
        )
        .join('')}`;
  },

  earbuds({ shell }) {
    const bud = (x, flip) => `
      <g transform="translate(${x} 150) scale(${flip} 1)">
        <rect x="-8" y="40" width="18" height="80" rx="9" fill="${shell}"/>
        <circle cx="0" cy="36" r="30" fill="${shell}"/>
        <circle cx="-10" cy="30" r="12" fill="${shade(shell, -0.35)}"/>
      </g>`;
    return `
      <rect x="150" y="270" width="180" height="112" rx="46" fill="${shell}"/>
      <path d="M150 316 h180" stroke="${shade(shell, -0.2)}" stroke-width="4"/>
      <circle cx="240" cy="344" r="5" fill="#4caf50"/>
      ${bud(170, 1)}${bud(310, -1)}
      ${shine('M164 290 q6 -10 20 -12 v28 h-20 z')}`;
  },

  powerBank({ body }) {
    return `
      <rect x="150" y="110" width="180" height="280" rx="28" fill="${body}" transform="rotate(-8 240 250)"/>
      <g transform="rotate(-8 240 250)">
        <rect x="150" y="110" width="180" height="40" rx="20" fill="${shade(body, -0.25)}"/>
        <rect x="196" y="122" width="34" height="12" rx="4" fill="#222"/>
        <rect x="246" y="122" width="40" height="14" rx="3" fill="#222"/>
        ${range(4)
          .map(
            (i) =>
              `<circle cx="${210 + i * 20}" cy="340" r="6" fill="${i < 3 ? '#4fc3f7' : shade(body, -0.3)}"/>`,
          )
          .join('')}
        <path d="M240 210 l-24 44 h22 l-8 40 l34 -52 h-22 l10 -32 z" fill="${shade(body, 0.4)}"/>
      </g>`;
  },

  charger({ body }) {
    return `
      <rect x="216" y="96" width="14" height="70" rx="7" fill="#b0b5bb"/>
      <rect x="250" y="96" width="14" height="70" rx="7" fill="#b0b5bb"/>
      <rect x="150" y="150" width="180" height="200" rx="30" fill="${body}"/>
      <rect x="150" y="150" width="180" height="34" rx="17" fill="${shade(body, -0.1)}"/>
      <rect x="204" y="270" width="72" height="22" rx="11" fill="#30343a"/>
      <rect x="214" y="277" width="52" height="8" rx="4" fill="#6c737c"/>
      <path d="M240 206 l-16 30 h14 l-6 26 l24 -36 h-14 l8 -20 z" fill="${shade(body, -0.3)}"/>
      ${shine('M162 200 h12 v130 h-12 z')}`;
  },

  cable({ braid }) {
    const plug = (x, y, angle) => `
      <g transform="translate(${x} ${y}) rotate(${angle})">
        <rect x="-20" y="-14" width="60" height="28" rx="10" fill="#d7dbe0"/>
        <rect x="40" y="-9" width="26" height="18" rx="7" fill="#9aa1a9"/>
        <rect x="-40" y="-10" width="24" height="20" rx="6" fill="${braid}"/>
      </g>`;
    return `
      <path d="M150 360 q-60 -60 0 -150 q80 -110 180 -40 q90 70 -10 130 q-90 50 -150 -20 q-40 -60 40 -90 q70 -20 90 30" fill="none" stroke="${braid}" stroke-width="16" stroke-linecap="round"/>
      <path d="M150 360 q-60 -60 0 -150 q80 -110 180 -40 q90 70 -10 130 q-90 50 -150 -20 q-40 -60 40 -90 q70 -20 90 30" fill="none" stroke="${shade(braid, 0.35)}" stroke-width="4" stroke-dasharray="6 8"/>
      ${plug(190, 362, 0)}${plug(315, 222, -70)}`;
  },

  speaker({ body, grille }) {
    const holes = range(60).map((i) => [168 + (i % 12) * 13, 226 + Math.floor(i / 12) * 13]);
    return `
      <path d="M170 180 q70 -60 140 0" stroke="${shade(body, -0.3)}" stroke-width="12" fill="none"/>
      <rect x="130" y="180" width="220" height="180" rx="70" fill="${body}"/>
      <rect x="150" y="210" width="180" height="120" rx="50" fill="${grille}"/>
      ${dots(holes, 3.2, shade(grille, -0.35))}
      <rect x="200" y="340" width="80" height="12" rx="6" fill="${shade(body, -0.25)}"/>
      ${shine('M148 220 q0 -30 26 -30 v140 q-26 -10 -26 -40 z')}`;
  },

  headphones({ body, cushion }) {
    return `
      <path d="M130 270 v-40 a110 110 0 0 1 220 0 v40" stroke="${body}" stroke-width="22" fill="none"/>
      <path d="M150 170 a100 100 0 0 1 180 0" stroke="${cushion}" stroke-width="8" fill="none"/>
      <rect x="100" y="240" width="70" height="120" rx="30" fill="${body}"/>
      <rect x="150" y="256" width="28" height="88" rx="12" fill="${cushion}"/>
      <rect x="310" y="240" width="70" height="120" rx="30" fill="${body}"/>
      <rect x="302" y="256" width="28" height="88" rx="12" fill="${cushion}"/>
      ${shine('M110 260 q0 -12 12 -12 v92 q-12 0 -12 -12 z')}${shine('M320 260 q0 -12 12 -12 v92 q-12 0 -12 -12 z')}`;
  },

  phoneCase({ body, ink }) {
    const tiles = range(12)
      .map((i) =>
        star(190 + (i % 3) * 50, 200 + Math.floor(i / 3) * 50, 17, i % 2 ? ink : shade(ink, 0.4)),
      )
      .join('');
    return `
      <rect x="150" y="90" width="180" height="310" rx="30" fill="${body}"/>
      <clipPath id="phone-clip"><rect x="160" y="100" width="160" height="290" rx="24"/></clipPath>
      <g clip-path="url(#phone-clip)"><rect x="160" y="100" width="160" height="290" fill="${shade(body, 0.5)}"/>${tiles}</g>
      <rect x="170" y="110" width="70" height="70" rx="18" fill="#2b2f36"/>
      <circle cx="190" cy="130" r="11" fill="#59606b"/><circle cx="220" cy="130" r="11" fill="#59606b"/><circle cx="190" cy="160" r="11" fill="#59606b"/>`;
  },

  watchBand({ band }) {
    return `
      <rect x="206" y="70" width="68" height="130" rx="20" fill="${band}"/>
      <rect x="206" y="300" width="68" height="130" rx="20" fill="${band}"/>
      ${dots(
        range(5).map((i) => [240, 330 + i * 18]),
        5,
        shade(band, -0.35),
      )}
      <rect x="180" y="170" width="120" height="150" rx="34" fill="#2b2f36"/>
      <rect x="192" y="182" width="96" height="126" rx="26" fill="#12151a"/>
      <path d="M240 245 v-34 M240 245 l22 14" stroke="${shade(band, 0.3)}" stroke-width="6" stroke-linecap="round"/>
      <rect x="300" y="220" width="10" height="30" rx="4" fill="#59606b"/>`;
  },

  datesBowl({ bowl, date }) {
    const pile = [
      [170, 250],
      [205, 236],
      [240, 230],
      [275, 236],
      [310, 250],
      [190, 214],
      [228, 204],
      [262, 208],
      [294, 222],
      [244, 180],
    ];
    return `
      ${pile.map(([x, y], i) => `<ellipse cx="${x}" cy="${y}" rx="30" ry="17" transform="rotate(${((i * 37) % 60) - 30} ${x} ${y})" fill="${i % 3 ? date : shade(date, -0.2)}"/>`).join('')}
      ${pile.map(([x, y]) => `<path d="M${x - 14} ${y - 6} q12 -6 24 0" stroke="${shade(date, 0.3)}" stroke-width="3" fill="none"/>`).join('')}
      <path d="M110 262 h260 q-10 100 -110 112 h-40 q-100 -12 -110 -112 z" fill="${bowl}"/>
      <ellipse cx="240" cy="262" rx="130" ry="14" fill="${shade(bowl, -0.15)}"/>
      ${zigzag(128, 352, 300, 10, 14, shade(bowl, -0.35), 4)}`;
  },
};
