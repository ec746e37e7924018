package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BootstrapTest {
    @Test
    void parsesAListOfHostPorts() {
        Bootstrap b = Bootstrap.parse("127.0.0.1:7092, node2:7093,[::1]:7094");
        assertEquals(3, b.addresses().size());
        assertEquals("node2", b.addresses().get(1).getHostString());
        assertEquals(7094, b.addresses().get(2).getPort());
        assertEquals("127.0.0.1:7092,node2:7093,::1:7094", b.servers());
    }

    @Test
    void refusesAddressesWithoutAValidPort() {
        for (String bad : new String[] {"host", "host:", ":7092", "host:0", "host:65536", "host:x", "a:1,,b:2"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bootstrap.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("bootstrap address"), e.getMessage());
        }
    }

    @Test
    void probeOfNothingListeningThrowsCannotConnect() throws IOException {
        int closedPort;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = closed.getLocalPort();
        }
        CannotConnectException e = assertThrows(CannotConnectException.class,
                () -> Bootstrap.parse("127.0.0.1:" + closedPort).probe(Duration.ofSeconds(5)));
        assertEquals("127.0.0.1:" + closedPort, e.bootstrap());
    }
}
