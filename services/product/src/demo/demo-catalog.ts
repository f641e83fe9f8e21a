/**
 * The demo catalog seeded on first start (DEMO_CATALOG=true): Moroccan crafts and everyday goods,
 * prices in MAD minor units (centimes). Each product's illustration is
 * `assets/demo/demo-<image>.svg`, drawn by `scripts/generate-demo-images.mjs`.
 */
export interface DemoProduct {
  name: string;
  description: string;
  /** MAD centimes: 14900 is 149.00 MAD. */
  price: number;
  stock: number;
  image: string;
}

export interface DemoCategory {
  name: string;
  description: string;
  products: DemoProduct[];
}

export const demoCatalog: DemoCategory[] = [
  {
    name: 'Beauty & Hammam',
    description: 'Natural cosmetics and the rituals of the Moroccan hammam.',
    products: [
      {
        name: 'Pure Argan Oil 100 ml',
        description:
          'Cold-pressed argan oil from a women’s cooperative near Essaouira. For skin, hair and nails; a few drops are enough.',
        price: 14900,
        stock: 48,
        image: 'argan-oil',
      },
      {
        name: 'Prickly Pear Seed Oil 30 ml',
        description:
          'A rare oil pressed from cactus fig seeds, rich in vitamin E. Applied at night with the glass dropper.',
        price: 24900,
        stock: 12,
        image: 'prickly-pear-oil',
      },
      {
        name: 'Rose Water from Kelaat M’Gouna 250 ml',
        description:
          'Distilled from the Damask roses of the Dadès valley. A refreshing toner for the face, also lovely in pastries.',
        price: 5900,
        stock: 60,
        image: 'rose-water',
      },
      {
        name: 'Beldi Black Soap with Eucalyptus 200 g',
        description:
          'The traditional olive-based soap paste of the hammam. Leave it on for five minutes, then scrub with a kessa glove.',
        price: 4500,
        stock: 75,
        image: 'black-soap',
      },
      {
        name: 'Ghassoul Clay 250 g',
        description:
          'Mineral clay from the Atlas mountains that cleanses skin and hair without drying. Mix with rose water into a paste.',
        price: 3900,
        stock: 40,
        image: 'ghassoul-clay',
      },
      {
        name: 'Kessa Exfoliating Glove',
        description:
          'The rough viscose glove used in every hammam to scrub away dead skin after black soap. Machine washable.',
        price: 2500,
        stock: 120,
        image: 'kessa-glove',
      },
      {
        name: 'Solid Amber Perfume 20 g',
        description:
          'A warm, resinous amber balm in an engraved metal tin, made in the souks of Marrakech. Lasts all day on the wrist.',
        price: 8900,
        stock: 4,
        image: 'amber-perfume',
      },
    ],
  },
  {
    name: 'Kitchen & Tableware',
    description: 'Pottery, cookware and serving pieces for Moroccan cooking.',
    products: [
      {
        name: 'Painted Tajine from Safi 28 cm',
        description:
          'A glazed serving tajine hand-painted by potters in Safi. For serving at the table; not for the fire.',
        price: 32000,
        stock: 15,
        image: 'painted-tajine',
      },
      {
        name: 'Terracotta Cooking Tajine 30 cm',
        description:
          'Unglazed clay tajine for slow cooking on gas or charcoal with a diffuser. Soak it in water before the first use.',
        price: 18000,
        stock: 22,
        image: 'cooking-tajine',
      },
      {
        name: 'Aluminium Couscoussier 8 L',
        description:
          'A pot and steamer basket for fluffy couscous the Friday way. Serves eight, fits every hob.',
        price: 45000,
        stock: 9,
        image: 'couscoussier',
      },
      {
        name: 'Fez Blue Ceramic Plate 26 cm',
        description:
          'A dinner plate in the cobalt blue of Fez pottery, painted by hand so each one differs a little.',
        price: 14000,
        stock: 30,
        image: 'fez-plate',
      },
      {
        name: 'Olive Wood Salad Bowl',
        description:
          'Turned from a single piece of olive wood in Essaouira. Oil it now and then and it will last for generations.',
        price: 21000,
        stock: 18,
        image: 'olive-wood-bowl',
      },
      {
        name: 'Hammered Copper Tray 45 cm',
        description:
          'A round tray hammered and chased by coppersmiths of the Fez medina. Serves tea or hangs on a wall.',
        price: 38000,
        stock: 6,
        image: 'copper-tray',
      },
    ],
  },
  {
    name: 'Tea & Coffee',
    description: 'Everything for mint tea and spiced coffee.',
    products: [
      {
        name: 'Silver-plated Berrad Teapot 1 L',
        description:
          'The classic pot-bellied Moroccan teapot, silver-plated and engraved. Pour from high to raise the foam.',
        price: 39000,
        stock: 14,
        image: 'berrad-teapot',
      },
      {
        name: 'Set of 6 Painted Tea Glasses',
        description:
          'Six tea glasses with gold and coloured arabesques. Dishwasher safe on a gentle cycle.',
        price: 12000,
        stock: 35,
        image: 'tea-glasses',
      },
      {
        name: 'Gunpowder Green Tea 500 g',
        description:
          'Chinese gunpowder green tea, the base of every Moroccan mint tea. Rinse it once before brewing.',
        price: 6500,
        stock: 80,
        image: 'gunpowder-tea',
      },
      {
        name: 'Dried Nana Mint 100 g',
        description:
          'Spearmint from Meknes, dried in the shade to keep its aroma. For when fresh mint is out of season.',
        price: 3000,
        stock: 0,
        image: 'dried-mint',
      },
      {
        name: 'Engraved Brass Tea Tray 40 cm',
        description:
          'A footed brass tray engraved with floral motifs, made to carry the teapot and six glasses.',
        price: 29000,
        stock: 8,
        image: 'brass-tea-tray',
      },
      {
        name: 'Spiced Coffee 250 g',
        description:
          'Ground arabica with cinnamon, ginger, nutmeg and a hint of black pepper, as served in the cafés of Marrakech.',
        price: 5500,
        stock: 50,
        image: 'spiced-coffee',
      },
    ],
  },
  {
    name: 'Spices & Pantry',
    description: 'Spice blends, saffron, dates and the staples of the Moroccan pantry.',
    products: [
      {
        name: 'Ras el Hanout 100 g',
        description:
          'The “head of the shop” blend of over twenty spices, ground in small batches. Made for tajines and couscous.',
        price: 4500,
        stock: 65,
        image: 'ras-el-hanout',
      },
      {
        name: 'Taliouine Saffron 1 g',
        description:
          'Hand-picked saffron threads from Taliouine, the heart of Moroccan saffron country. A pinch colours a whole pot.',
        price: 7500,
        stock: 3,
        image: 'saffron',
      },
      {
        name: 'Sweet Paprika 200 g',
        description:
          'Mild, bright red paprika ground from sun-dried peppers. Essential in chermoula and kefta.',
        price: 2800,
        stock: 70,
        image: 'paprika',
      },
      {
        name: 'Ground Cumin 200 g',
        description:
          'Freshly ground cumin, the spice on every Moroccan table next to the salt. Try it on boiled eggs.',
        price: 3200,
        stock: 55,
        image: 'cumin',
      },
      {
        name: 'Medjool Dates 1 kg',
        description:
          'Large, soft Medjool dates from the Tafilalet oases. Naturally sweet, perfect with a glass of milk.',
        price: 12000,
        stock: 25,
        image: 'medjool-dates',
      },
      {
        name: 'Wild Thyme Honey 500 g',
        description:
          'A dark, aromatic honey gathered in the High Atlas. Delicious on msemen and in herbal tea.',
        price: 16000,
        stock: 11,
        image: 'thyme-honey',
      },
      {
        name: 'Preserved Beldi Lemons 1 kg',
        description:
          'Small beldi lemons cured in salt and their own juice for two months. Chop the rind into chicken tajine.',
        price: 4800,
        stock: 20,
        image: 'preserved-lemons',
      },
      {
        name: 'Extra Virgin Olive Oil 1 L',
        description:
          'First cold pressing of Picholine olives from the Saïss plain, near Meknès. Fruity, with a peppery finish.',
        price: 9500,
        stock: 44,
        image: 'olive-oil',
      },
    ],
  },
  {
    name: 'Home & Decor',
    description: 'Lanterns, rugs and crafts that bring a riad home.',
    products: [
      {
        name: 'Cut-brass Lantern',
        description:
          'A hanging lantern of pierced brass that throws star patterns on the walls. Fitted with an E27 socket.',
        price: 45000,
        stock: 12,
        image: 'brass-lantern',
      },
      {
        name: 'Beni Ourain Wool Rug 150 × 240 cm',
        description:
          'Hand-knotted by Berber weavers of the Middle Atlas in undyed wool, with the classic black diamond lines.',
        price: 390000,
        stock: 2,
        image: 'beni-ourain-rug',
      },
      {
        name: 'Leather Pouf, Tan',
        description:
          'A round pouf of goat leather, hand-stitched with geometric embroidery. Sold unstuffed; fill it with old textiles.',
        price: 69000,
        stock: 10,
        image: 'leather-pouf',
      },
      {
        name: 'Carved Cedar Wood Mirror',
        description:
          'An arched mirror framed in Atlas cedar carved by hand in Fez. It keeps the wood’s scent for years.',
        price: 85000,
        stock: 5,
        image: 'cedar-mirror',
      },
      {
        name: 'Tadelakt Candle Holder',
        description:
          'Shaped by hand in polished tadelakt plaster from Marrakech, waterproof and silky to the touch.',
        price: 11000,
        stock: 28,
        image: 'tadelakt-candle',
      },
      {
        name: 'Woven Palm Basket',
        description:
          'A sturdy basket woven from doum palm leaves, with leather handles. For the market or for storage.',
        price: 13000,
        stock: 33,
        image: 'palm-basket',
      },
      {
        name: 'Embroidered Cushion Cover 45 cm',
        description:
          'Cotton cushion cover with Rabat-style embroidery in red and saffron thread. Zip closure, insert not included.',
        price: 15000,
        stock: 24,
        image: 'embroidered-cushion',
      },
    ],
  },
  {
    name: 'Leather & Fashion',
    description: 'Babouches, bags and clothing made by Moroccan artisans.',
    products: [
      {
        name: 'Yellow Leather Babouches',
        description:
          'The classic pointed slippers of Fez in soft yellow leather, with a leather sole. Indoors or out.',
        price: 22000,
        stock: 40,
        image: 'yellow-babouches',
      },
      {
        name: 'Embroidered Red Babouches',
        description:
          'Red suede babouches embroidered with golden thread, made in Marrakech. Run slightly small: take one size up.',
        price: 26000,
        stock: 16,
        image: 'red-babouches',
      },
      {
        name: 'Fez Leather Shoulder Bag',
        description:
          'Vegetable-tanned at the Chouara tannery and stitched by hand. Develops a rich patina with use.',
        price: 55000,
        stock: 7,
        image: 'leather-bag',
      },
      {
        name: 'Hand-stitched Leather Belt',
        description:
          'A thick cowhide belt with a solid brass buckle. Cut to your length on request.',
        price: 18000,
        stock: 30,
        image: 'leather-belt',
      },
      {
        name: 'Bifold Leather Wallet',
        description:
          'A slim wallet with six card slots and a note pocket, in camel leather from Fez.',
        price: 16000,
        stock: 26,
        image: 'leather-wallet',
      },
      {
        name: 'Cotton Djellaba',
        description:
          'A light, hooded cotton djellaba with hand-made buttons along the front. Comfortable on hot days.',
        price: 48000,
        stock: 9,
        image: 'djellaba',
      },
      {
        name: 'Sabra Silk Scarf',
        description:
          'Woven from cactus silk (sabra) in shimmering indigo. Soft, light and surprisingly warm.',
        price: 19000,
        stock: 0,
        image: 'sabra-scarf',
      },
    ],
  },
  {
    name: 'Electronics & Accessories',
    description: 'Chargers, audio and everyday accessories for phones and laptops.',
    products: [
      {
        name: 'Wireless Earbuds with Charging Case',
        description:
          'Bluetooth 5.3 earbuds with touch controls and 24 hours of playback with the case. Splash resistant.',
        price: 34900,
        stock: 45,
        image: 'wireless-earbuds',
      },
      {
        name: 'Power Bank 20,000 mAh',
        description:
          'Charges a phone four times over, with USB-C power delivery at 22.5 W and two outputs.',
        price: 29900,
        stock: 38,
        image: 'power-bank',
      },
      {
        name: 'USB-C Fast Charger 65 W',
        description:
          'A compact GaN charger that powers a laptop, a tablet and a phone. Moroccan two-pin plug.',
        price: 24900,
        stock: 52,
        image: 'usb-c-charger',
      },
      {
        name: 'Braided USB-C Cable 2 m',
        description: 'Nylon-braided USB-C to USB-C cable rated for 100 W and 10,000 bends.',
        price: 7900,
        stock: 150,
        image: 'usb-c-cable',
      },
      {
        name: 'Portable Bluetooth Speaker',
        description:
          'A waterproof speaker with 12 hours of battery and a strap for the beach or the terrace.',
        price: 39900,
        stock: 19,
        image: 'bluetooth-speaker',
      },
      {
        name: 'Noise-cancelling Over-ear Headphones',
        description:
          'Active noise cancelling, 30 hours of battery and a folding design with a hard case.',
        price: 89900,
        stock: 5,
        image: 'headphones',
      },
      {
        name: 'Zellige Pattern Phone Case',
        description:
          'A shock-absorbing case printed with a Fez zellige pattern. Available for recent phone models.',
        price: 12900,
        stock: 60,
        image: 'zellige-phone-case',
      },
      {
        name: 'Smartwatch Sport Band',
        description: 'A breathable silicone band with a quick-release pin, in 20 and 22 mm.',
        price: 9900,
        stock: 70,
        image: 'watch-band',
      },
    ],
  },
];

export const demoImageFile = (image: string): string => `demo-${image}.svg`;
