#!/usr/bin/env node
// Draws the demo catalog's illustrations into ../assets/demo/demo-<image>.svg.
// Run from anywhere: `node services/product/scripts/generate-demo-images.mjs`. The output is
// committed; run it again only after changing a drawing. A test checks that every demo product
// has its file.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { art, shade, star } from './demo-art.mjs';

const outDir = fileURLToPath(new URL('../assets/demo/', import.meta.url));

/** One background per category: two tones of a gradient and the zellige pattern's colour. */
const backgrounds = {
  beauty: ['#fbe4de', '#eeb9ad'],
  kitchen: ['#fbe0c4', '#eaa77a'],
  tea: ['#dcf1e1', '#9ccfab'],
  spices: ['#fdeeb8', '#f0c14f'],
  home: ['#dde4f6', '#8ea2d8'],
  fashion: ['#f4e6cf', '#d8b888'],
  electronics: ['#e4e9ef', '#a9b6c6'],
};

const drawings = {
  // Beauty & Hammam
  'argan-oil': ['beauty', 'bottle', { liquid: '#d99a2b', cap: '#6b4226', mark: '#b5651d' }],
  'prickly-pear-oil': [
    'beauty',
    'dropper',
    { glass: '#e8f1ee', liquid: '#c2185b', bulb: '#4a2c2a' },
  ],
  'rose-water': [
    'beauty',
    'bottle',
    { glass: '#f5fbff', liquid: '#f4a6b8', cap: '#d4af37', mark: '#e05a7a', tall: 1.2 },
  ],
  'black-soap': ['beauty', 'jar', { content: '#3b2a1e', lid: '#2e7d32', fill: 0.8 }],
  'ghassoul-clay': [
    'beauty',
    'bowlMound',
    { bowl: '#f3efe6', band: '#5b8fb9', mound: '#9c7b63', speck: '#6e5442' },
  ],
  'kessa-glove': ['beauty', 'mitt', { color: '#607d8b' }],
  'amber-perfume': ['beauty', 'tin', { metal: '#d4af37', accent: '#8d5524' }],
  // Kitchen & Tableware
  'painted-tajine': [
    'kitchen',
    'tajine',
    { base: '#1f5f8b', lid: '#2a7ab0', pattern: '#f6d55c', knob: '#f6d55c' },
  ],
  'cooking-tajine': [
    'kitchen',
    'tajine',
    { base: '#a0522d', lid: '#b8643a', pattern: '#8b4513', knob: '#8b4513', painted: false },
  ],
  couscoussier: ['kitchen', 'couscoussier', { metal: '#b8c2cc' }],
  'fez-plate': ['kitchen', 'plate', { glaze: '#f7f3ea', ink: '#1e4fa0' }],
  'olive-wood-bowl': ['kitchen', 'woodBowl', { wood: '#b07b45' }],
  'copper-tray': ['kitchen', 'tray', { metal: '#c8743a' }],
  // Tea & Coffee
  'berrad-teapot': ['tea', 'teapot', { metal: '#cfd6dc' }],
  'tea-glasses': ['tea', 'teaGlasses', { tea: '#c47f17', band: '#1f7a4d', accent: '#e3b23c' }],
  'gunpowder-tea': ['tea', 'teaBox', { color: '#b71c1c', accent: '#d4af37' }],
  'dried-mint': [
    'tea',
    'pouch',
    { color: '#c9a774', windowFill: '#e9f5e9', window: leaves(240, 270, '#3a9d5d') },
  ],
  'brass-tea-tray': ['tea', 'tray', { metal: '#d4aa3c', legs: true }],
  'spiced-coffee': [
    'tea',
    'pouch',
    { color: '#4e342e', windowFill: '#d7ccc8', window: beans(240, 270, '#5d4037') },
  ],
  // Spices & Pantry
  'ras-el-hanout': [
    'spices',
    'bowlMound',
    { bowl: '#2f6f8f', band: '#f6d55c', mound: '#b5651d', speck: '#6e3b12' },
  ],
  saffron: ['spices', 'jar', { content: '#fdf6e3', lid: '#b71c1c', fill: 0.35, pieces: threads() }],
  paprika: [
    'spices',
    'bowlMound',
    { bowl: '#f3efe6', band: '#c0392b', mound: '#d7332b', speck: '#8e1b14' },
  ],
  cumin: [
    'spices',
    'bowlMound',
    { bowl: '#1f7a4d', band: '#f3efe6', mound: '#a67b48', speck: '#6b4a26' },
  ],
  'medjool-dates': ['spices', 'datesBowl', { bowl: '#e9dcc2', date: '#6d3b1f' }],
  'thyme-honey': [
    'spices',
    'jar',
    { content: '#d98e04', lid: '#6b4226', fill: 0.8, pieces: honeyDrip() },
  ],
  'preserved-lemons': [
    'spices',
    'jar',
    { content: '#f3e9a6', lid: '#2e7d32', fill: 0.85, pieces: lemons() },
  ],
  'olive-oil': [
    'spices',
    'bottle',
    { glass: '#e3efe0', liquid: '#9aa83a', cap: '#2e4a1e', mark: '#556b2f', tall: 1.25 },
  ],
  // Home & Decor
  'brass-lantern': ['home', 'lantern', { metal: '#c99a2e', glow: '#ffe082' }],
  'beni-ourain-rug': ['home', 'rug', { wool: '#f4efe2', ink: '#2b2b2b' }],
  'leather-pouf': ['home', 'pouf', { leather: '#c68642', stitch: '#f4efe2' }],
  'cedar-mirror': ['home', 'mirror', { wood: '#8d5a34' }],
  'tadelakt-candle': ['home', 'candle', { plaster: '#d9826b' }],
  'palm-basket': ['home', 'basket', { palm: '#d8b56a', leather: '#7b4a2a' }],
  'embroidered-cushion': ['home', 'cushion', { cloth: '#f4efe2', thread: '#c0392b' }],
  // Leather & Fashion
  'yellow-babouches': ['fashion', 'babouche', { leather: '#f2c12e', accent: '#f2c12e' }],
  'red-babouches': [
    'fashion',
    'babouche',
    { leather: '#b3202a', accent: '#f2c12e', embroidered: true },
  ],
  'leather-bag': ['fashion', 'bag', { leather: '#8b5a2b' }],
  'leather-belt': ['fashion', 'belt', { leather: '#5d3a1a' }],
  'leather-wallet': ['fashion', 'wallet', { leather: '#b8763e' }],
  djellaba: ['fashion', 'djellaba', { cloth: '#f4efe2', trim: '#1f5f8b' }],
  'sabra-scarf': ['fashion', 'scarf', { silk: '#2c3e8f' }],
  // Electronics & Accessories
  'wireless-earbuds': ['electronics', 'earbuds', { shell: '#fafafa' }],
  'power-bank': ['electronics', 'powerBank', { body: '#37474f' }],
  'usb-c-charger': ['electronics', 'charger', { body: '#f5f5f5' }],
  'usb-c-cable': ['electronics', 'cable', { braid: '#e53935' }],
  'bluetooth-speaker': ['electronics', 'speaker', { body: '#00897b', grille: '#26a69a' }],
  headphones: ['electronics', 'headphones', { body: '#263238', cushion: '#546e7a' }],
  'zellige-phone-case': ['electronics', 'phoneCase', { body: '#1e4fa0', ink: '#1f7a4d' }],
  'watch-band': ['electronics', 'watchBand', { band: '#ff7043' }],
};

function leaves(cx, cy, color) {
  const leaf = (x, y, angle) =>
    `<path d="M${x} ${y} q14 -22 0 -44 q-14 22 0 44 z" fill="${color}" transform="rotate(${angle} ${x} ${y})"/>`;
  return [
    leaf(cx - 20, cy + 30, -30),
    leaf(cx + 18, cy + 34, 25),
    leaf(cx, cy + 10, 0),
    leaf(cx - 10, cy - 20, -15),
    leaf(cx + 14, cy - 14, 20),
  ].join('');
}

function beans(cx, cy, color) {
  const bean = (x, y, angle) =>
    `<g transform="rotate(${angle} ${x} ${y})"><ellipse cx="${x}" cy="${y}" rx="13" ry="18" fill="${color}"/><path d="M${x} ${y - 16} q-6 16 0 32" stroke="${shade(color, 0.4)}" stroke-width="3" fill="none"/></g>`;
  return [
    bean(cx - 18, cy - 22, 20),
    bean(cx + 18, cy - 8, -25),
    bean(cx - 12, cy + 18, -10),
    bean(cx + 16, cy + 32, 30),
  ].join('');
}

function threads() {
  return Array.from({ length: 14 }, (_, i) => {
    const x = 176 + ((i * 37) % 128);
    const y = 318 + ((i * 23) % 50);
    return `<path d="M${x} ${y} q10 -14 24 -10" stroke="#c62828" stroke-width="4" fill="none" stroke-linecap="round"/>`;
  }).join('');
}

function honeyDrip() {
  return `<path d="M240 100 v80" stroke="#8d5524" stroke-width="8"/><ellipse cx="240" cy="196" rx="20" ry="14" fill="#8d5524"/><path d="M232 210 q8 40 8 0" fill="#d98e04"/>`;
}

function lemons() {
  return [
    [196, 240],
    [262, 232],
    [224, 290],
    [290, 296],
    [190, 340],
    [254, 350],
  ]
    .map(
      ([x, y]) =>
        `<ellipse cx="${x}" cy="${y}" rx="30" ry="26" fill="#f2c12e"/><ellipse cx="${x - 8}" cy="${y - 8}" rx="8" ry="6" fill="#fff" opacity=".35"/>`,
    )
    .join('');
}

function zelligePattern(color) {
  return `<pattern id="zellige" width="60" height="60" patternUnits="userSpaceOnUse">${star(30, 30, 12, color, 0.5)}${star(0, 0, 6, color, 0.35)}${star(60, 0, 6, color, 0.35)}${star(0, 60, 6, color, 0.35)}${star(60, 60, 6, color, 0.35)}</pattern>`;
}

function svg(category, body) {
  const [light, dark] = backgrounds[category];
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 480" width="480" height="480">
<defs>
<linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${light}"/><stop offset="1" stop-color="${dark}"/></linearGradient>
${zelligePattern(shade(light, 0.55))}
</defs>
<rect width="480" height="480" fill="url(#bg)"/>
<rect width="480" height="480" fill="url(#zellige)"/>
<ellipse cx="240" cy="396" rx="170" ry="22" fill="#000" opacity=".12"/>
${body.replace(/\n\s+/g, '\n').trim()}
</svg>
`;
}

await mkdir(outDir, { recursive: true });
for (const [image, [category, kind, options]] of Object.entries(drawings)) {
  const draw = art[kind];
  if (!draw) throw new Error(`${image}: no drawing named ${kind}`);
  await writeFile(
    new URL(`demo-${image}.svg`, new URL('../assets/demo/', import.meta.url)),
    svg(category, draw(options)),
  );
}
console.log(`${Object.keys(drawings).length} illustrations written to ${outDir}`);
