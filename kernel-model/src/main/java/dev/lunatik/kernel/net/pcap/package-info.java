/**
 * Packet capture files for the simulated network stack: {@link dev.lunatik.kernel.net.pcap.PcapReader}
 * reads classic pcap and pcapng files of Ethernet or raw IPv4 packets, and
 * {@link dev.lunatik.kernel.net.pcap.PcapWriter} writes classic pcap files that tcpdump and Wireshark read.
 * The package depends on the JDK alone.
 */
package dev.lunatik.kernel.net.pcap;
