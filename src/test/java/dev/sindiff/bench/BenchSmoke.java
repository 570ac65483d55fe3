package dev.sindiff.bench;

public class BenchSmoke {
    public static void main(String[] a) throws Exception {
        System.out.println(Bench.run(a[0], Integer.parseInt(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]), 2, Integer.parseInt(a[4]), ai.djl.Device.cpu()));
    }
}
