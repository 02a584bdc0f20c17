package org.opendmv.devices.sanescanner.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.opendmv.devices.api.ScanResult;
import org.opendmv.devices.api.ScannedPage;

/**
 * The one compressed file per material: a ZIP holding the pages in order ({@code page-001.jpg}, ...). The
 * page images are already compressed (JPEG/PNG), so entries are STORED: no second compression pass, and any
 * unzip tool or image viewer opens them. Built in memory; documents never touch the disk here.
 *
 * <p>Not reachable from outside the bundle: {@link ScanResult} has no place for it yet (see the driver's
 * report for the recommended API addition).
 */
final class MaterialArchive {
    static final String MIME = "application/zip";

    private MaterialArchive() {
    }

    static byte[] zip(ScanResult result) {
        List<ScannedPage> pages = result.pages();
        long total = 0;
        for (ScannedPage p : pages) {
            total += p.image().length + 128;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, total + 256));
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            int n = 0;
            for (ScannedPage p : pages) {
                n++;
                byte[] img = p.image();
                ZipEntry e = new ZipEntry(String.format("page-%03d.%s", n, "image/png".equals(p.mime()) ? "png" : "jpg"));
                e.setMethod(ZipEntry.STORED);
                e.setSize(img.length);
                e.setCompressedSize(img.length);
                CRC32 crc = new CRC32();
                crc.update(img);
                e.setCrc(crc.getValue());
                e.setTime(0); // no scan time inside the file
                zip.putNextEntry(e);
                zip.write(img);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen for a ByteArrayOutputStream
        }
        return out.toByteArray();
    }
}
