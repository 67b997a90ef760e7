import type { Readable } from "node:stream";
import sharp from "sharp";

/** Thumbnails fit in this square (CSS pixels × 2 for sharp screens at the timeline's 160 px). */
export const THUMBNAIL_SIZE = 320;
/** Decompression-bomb guard: refuse images over this many pixels. */
const MAX_PIXELS = 60_000_000;

/**
 * Decodes an image with sharp (libvips) and returns its displayed size (EXIF orientation
 * applied) and a WebP thumbnail. Only the first frame of an animation is used.
 */
export async function makeThumbnail(source: Readable): Promise<{ width: number; height: number; thumbnail: Buffer }> {
  const image = sharp({ limitInputPixels: MAX_PIXELS, failOn: "error" });
  source.on("error", (err) => image.destroy(err));
  source.pipe(image);
  const meta = await image.metadata();
  const thumbnail = await image
    .rotate()
    .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: "inside", withoutEnlargement: true })
    .webp({ quality: 75 })
    .toBuffer();
  const rotated = (meta.orientation ?? 1) >= 5;
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  return rotated ? { width: height, height: width, thumbnail } : { width, height, thumbnail };
}
