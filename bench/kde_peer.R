# The peer of bench/kde_bench.cc: spatstat's density.ppp on the same points, kernel, sigma and
# raster (edge = FALSE), timed here, without R's start-up, the package load or reading the points.
#
# Rscript bench/kde_peer.R POINTS.bin N X0 Y0 CELL COLS ROWS KERNEL SIGMA REPS OUT.bin
#   POINTS.bin  N x values then N y values, little-endian doubles
#   KERNEL      gaussian | quartic (spatstat's convention: sigma is the standard deviation)
#   OUT.bin     the last run's density, rows × cols doubles, row 0 the southernmost, row-major
# Prints one line: "seconds <run 1> <run 2> ..." (elapsed wall time of each density.ppp call).
suppressMessages(library(spatstat))
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[2])
x0 <- as.numeric(args[3]); y0 <- as.numeric(args[4]); cell <- as.numeric(args[5])
cols <- as.integer(args[6]); rows <- as.integer(args[7])
kernel <- args[8]; sigma <- as.numeric(args[9]); reps <- as.integer(args[10])

con <- file(args[1], "rb")
x <- readBin(con, "double", n = n, size = 8, endian = "little")
y <- readBin(con, "double", n = n, size = 8, endian = "little")
close(con)
W <- owin(c(x0, x0 + cols * cell), c(y0, y0 + rows * cell))
X <- ppp(x, y, window = W, check = FALSE)

seconds <- numeric(reps)
for (i in seq_len(reps)) {
  t <- system.time(den <- density(X, sigma = sigma, kernel = kernel, edge = FALSE,
                                  dimyx = c(rows, cols)))
  seconds[i] <- t[["elapsed"]]
}
con <- file(args[11], "wb")
writeBin(as.vector(t(den$v)), con, size = 8, endian = "little")
close(con)
cat("seconds", seconds, "\n")
cat("fftw", spatstat.geom::fftwAvailable(), "\n")
