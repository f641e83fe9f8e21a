// Product service contracts: HTTP bodies and replies, and the events it publishes.
import { Type, type Static } from '@sinclair/typebox';
import {
  Currency,
  MAX_PAGE_SIZE,
  MinorUnits,
  Page,
  StrictObject,
  Timestamp,
  Uuid,
} from './common.js';
import { IMAGE_MAX_BYTES } from './limits.js';

const CategoryName = Type.String({
  minLength: 1,
  maxLength: 80,
  pattern: '\\S',
  description: 'Unique, case-insensitive',
});
const CategoryDescription = Type.String({ maxLength: 1000 });
const ProductName = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const ProductDescription = Type.String({ maxLength: 4000 });
/** Units available for sale; reservations (checkout) take units out of it, never below zero. */
const Stock = Type.Integer({
  minimum: 0,
  maximum: 1_000_000,
  description: 'Units available for sale',
});

// ---------- Categories ----------

/** A category as carried by events: no product count, which changes without category events. */
export const CategorySnapshot = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
});
export type CategorySnapshot = Static<typeof CategorySnapshot>;

export const Category = Type.Object({
  ...CategorySnapshot.properties,
  /** Products of this category still in the catalog. */
  productCount: Type.Integer(),
});
export type Category = Static<typeof Category>;

export const CreateCategoryBody = StrictObject({
  name: CategoryName,
  description: Type.Optional(CategoryDescription),
});
export type CreateCategoryBody = Static<typeof CreateCategoryBody>;

export const UpdateCategoryBody = Type.Object(
  { name: Type.Optional(CategoryName), description: Type.Optional(CategoryDescription) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateCategoryBody = Static<typeof UpdateCategoryBody>;

// ---------- Products ----------

export const Product = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  price: MinorUnits,
  currency: Type.String(),
  stock: Type.Integer(),
  categoryId: Uuid,
  /** Public path of the image (`/api/images/<file>`), or null when the product has none. */
  imageUrl: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});
export type Product = Static<typeof Product>;

export const ProductPage = Page(Product);
export type ProductPage = Static<typeof ProductPage>;

export const CreateProductBody = StrictObject({
  name: ProductName,
  description: ProductDescription,
  price: MinorUnits,
  currency: Type.Optional(Currency),
  stock: Stock,
  categoryId: Uuid,
});
export type CreateProductBody = Static<typeof CreateProductBody>;

/**
 * `POST /api/products` as multipart/form-data: the product and its image in one request, so a
 * refused image creates nothing. Field names are PRODUCT_FORM_FIELDS.
 */
export const PRODUCT_FORM_FIELDS = { product: 'product', image: 'image' } as const;

export const CreateProductForm = StrictObject(
  {
    product: CreateProductBody,
    image: Type.Unsafe<Uint8Array>({
      contentMediaType: 'application/octet-stream',
      description: `JPEG, PNG, WebP or GIF (checked from the file's bytes), at most ${IMAGE_MAX_BYTES} bytes`,
    }),
  },
  {
    description:
      'A text field "product" holding the same JSON as the application/json body, and a file field "image"',
  },
);
export type CreateProductForm = Static<typeof CreateProductForm>;

export const UpdateProductBody = Type.Object(
  {
    name: Type.Optional(ProductName),
    description: Type.Optional(ProductDescription),
    price: Type.Optional(MinorUnits),
    stock: Type.Optional(Stock),
    categoryId: Type.Optional(Uuid),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateProductBody = Static<typeof UpdateProductBody>;

export const PRODUCT_SORTS = ['relevance', 'price_asc', 'price_desc', 'newest', 'name'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

const UUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export const ListProductsQuery = StrictObject({
  q: Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'Words searched in name and description; prefixes match',
    }),
  ),
  categoryId: Type.Optional(Uuid),
  minPrice: Type.Optional(MinorUnits),
  maxPrice: Type.Optional(MinorUnits),
  inStock: Type.Optional(
    Type.Boolean({ description: 'true: stock > 0 only; false: out of stock only' }),
  ),
  sort: Type.Optional(
    Type.Union(
      PRODUCT_SORTS.map((sort) => Type.Literal(sort)),
      { description: 'Default: relevance with q, newest without' },
    ),
  ),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_PAGE_SIZE,
      description: 'Default 20, or the number of ids when ids is given',
    }),
  ),
  ids: Type.Optional(
    Type.String({
      pattern: `^${UUID_PATTERN}(,${UUID_PATTERN}){0,${MAX_PAGE_SIZE - 1}}$`,
      maxLength: MAX_PAGE_SIZE * 37 - 1,
      description: `Comma-separated product ids (at most ${MAX_PAGE_SIZE}): only these products`,
    }),
  ),
});
export type ListProductsQuery = Static<typeof ListProductsQuery>;

// ---------- Events ----------

export const productEvents = {
  'product.created': Type.Object({ product: Product }),
  'product.updated': Type.Object({ product: Product }),
  'product.deleted': Type.Object({ productId: Uuid }),
  'category.created': Type.Object({ category: CategorySnapshot }),
  'category.updated': Type.Object({ category: CategorySnapshot }),
  'category.deleted': Type.Object({ categoryId: Uuid }),
};

export type ProductEventMap = {
  [K in keyof typeof productEvents]: Static<(typeof productEvents)[K]>;
};
