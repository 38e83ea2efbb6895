// Client-side resize before upload: phones take 12-megapixel photos; the grader needs ~1024 px.

/**
 * Scales an image file so its longer side is at most maxSide and encodes it as JPEG.
 * EXIF orientation is applied by the browser (createImageBitmap with imageOrientation).
 * @param {File|Blob} file the photo
 * @returns {Promise<Blob>} a JPEG blob
 */
export async function resizeToJpeg(file, maxSide = 1024, quality = 0.85) {
	let source;
	try {
		source = await createImageBitmap(file, { imageOrientation: 'from-image' });
	} catch {
		source = await loadImage(file);
	}
	const w = source.width;
	const h = source.height;
	const scale = Math.min(1, maxSide / Math.max(w, h));
	const canvas = document.createElement('canvas');
	canvas.width = Math.max(1, Math.round(w * scale));
	canvas.height = Math.max(1, Math.round(h * scale));
	const ctx = canvas.getContext('2d');
	ctx.imageSmoothingQuality = 'high';
	ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
	if (source.close) {
		source.close();
	}
	return new Promise((resolve, reject) => {
		canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('encode failed'))), 'image/jpeg', quality);
	});
}

function loadImage(file) {
	return new Promise((resolve, reject) => {
		const url = URL.createObjectURL(file);
		const img = new Image();
		img.onload = () => {
			URL.revokeObjectURL(url);
			resolve(img);
		};
		img.onerror = () => {
			URL.revokeObjectURL(url);
			reject(new Error('not an image'));
		};
		img.src = url;
	});
}
