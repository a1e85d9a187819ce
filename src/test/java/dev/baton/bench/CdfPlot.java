package dev.baton.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Draws the cumulative distribution of one set of samples as a PNG, with axes and labels. */
final class CdfPlot {

  private static final int WIDTH = 720;
  private static final int HEIGHT = 420;
  private static final int LEFT = 70;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;

  private CdfPlot() {}

  static void write(Samples samples, String title, String xLabel, Path file) throws IOException {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    List<Double> sorted = samples.sorted();
    double xMax = niceCeiling(sorted.isEmpty() ? 1 : sorted.get(sorted.size() - 1));
    axes(g, xMax, xLabel);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.setColor(Color.BLACK);
    g.drawString(title + " (n=" + sorted.size() + ")", LEFT, 30);
    if (!sorted.isEmpty()) {
      marker(g, samples.percentile(50), xMax, "p50", new Color(0, 130, 0));
      marker(g, samples.percentile(99), xMax, "p99", new Color(200, 60, 0));
      curve(g, sorted, xMax);
    }
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private static void axes(Graphics2D g, double xMax, String xLabel) {
    int x0 = LEFT;
    int y0 = HEIGHT - BOTTOM;
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1));
    g.drawLine(x0, y0, WIDTH - RIGHT, y0);
    g.drawLine(x0, y0, x0, TOP);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i <= 5; i++) {
      double value = xMax * i / 5;
      int x = xPixel(value, xMax);
      g.setColor(new Color(225, 225, 225));
      g.drawLine(x, y0 - 1, x, TOP);
      g.setColor(Color.BLACK);
      g.drawLine(x, y0, x, y0 + 5);
      String text = format(value);
      g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, y0 + 20);
    }
    for (int i = 0; i <= 4; i++) {
      int y = yPixel(i / 4.0);
      g.setColor(new Color(225, 225, 225));
      g.drawLine(x0 + 1, y, WIDTH - RIGHT, y);
      g.setColor(Color.BLACK);
      g.drawLine(x0 - 5, y, x0, y);
      String text = (i * 25) + "%";
      g.drawString(text, x0 - 10 - g.getFontMetrics().stringWidth(text), y + 4);
    }
    g.drawString(
        xLabel,
        LEFT + (WIDTH - LEFT - RIGHT - g.getFontMetrics().stringWidth(xLabel)) / 2,
        HEIGHT - 18);
    g.rotate(-Math.PI / 2);
    g.drawString("share of samples at or below", -(TOP + (HEIGHT - TOP - BOTTOM) / 2) - 80, 18);
    g.rotate(Math.PI / 2);
  }

  private static void curve(Graphics2D g, List<Double> sorted, double xMax) {
    g.setColor(new Color(30, 80, 200));
    g.setStroke(new BasicStroke(2));
    int n = sorted.size();
    int lastX = xPixel(0, xMax);
    int lastY = yPixel(0);
    for (int i = 0; i < n; i++) {
      int x = xPixel(sorted.get(i), xMax);
      int y = yPixel((i + 1) / (double) n);
      g.drawLine(lastX, lastY, x, lastY);
      g.drawLine(x, lastY, x, y);
      lastX = x;
      lastY = y;
    }
  }

  private static void marker(Graphics2D g, double value, double xMax, String name, Color color) {
    int x = xPixel(value, xMax);
    g.setColor(color);
    g.setStroke(
        new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {4, 4}, 0));
    g.drawLine(x, HEIGHT - BOTTOM, x, TOP);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    String text = name + " " + format(value);
    int width = g.getFontMetrics().stringWidth(text);
    int textX = x + 4 + width > WIDTH - RIGHT ? x - 4 - width : x + 4;
    g.drawString(text, textX, name.equals("p50") ? TOP + 14 : TOP + 30);
  }

  private static int xPixel(double value, double xMax) {
    return LEFT + (int) Math.round(value / xMax * (WIDTH - LEFT - RIGHT));
  }

  private static int yPixel(double share) {
    return HEIGHT - BOTTOM - (int) Math.round(share * (HEIGHT - TOP - BOTTOM));
  }

  /** 1, 2 or 5 times a power of ten, at or above {@code value}. */
  static double niceCeiling(double value) {
    if (value <= 0) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 5, 10}) {
      if (step * power >= value) {
        return step * power;
      }
    }
    return 10 * power;
  }

  private static String format(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.format("%.1f", value);
  }
}
