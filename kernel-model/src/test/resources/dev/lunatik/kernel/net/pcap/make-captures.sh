#!/bin/sh
# How the capture files beside this script were made (once, at test-writing time, on Debian 12
# as root): tcpdump 4.99.3 / libpcap 1.10.3, Wireshark 4.0.17's dumpcap, editcap and text2pcap,
# and scapy 2.5.0 (apt-get install tcpdump tshark python3-scapy). The tests do not run it: running
# it again makes new captures with other timestamps, ports and IP ids, and the values that
# PcapRealCapturesTest expects (taken from `tshark -r FILE -T fields -e frame.time_epoch ...`)
# would have to be taken again.
set -e
cd "$(dirname "$0")"
PYTHON=${PYTHON:-/usr/bin/python3}   # a Python that can import scapy (Debian's python3-scapy)

# Three UDP datagrams to 127.0.0.1:40999: "lunatik TAG", "hello, kernel", 100 x "x".
send() {
    "$PYTHON" - "$1" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for m in [b"lunatik " + sys.argv[1].encode(), b"hello, kernel", b"x" * 100]:
    s.sendto(m, ("127.0.0.1", 40999))
    time.sleep(0.25)
PY
}
capture() { # TAG COMMAND...: capture on the loopback interface while sending
    tag=$1; shift
    timeout 15 "$@" & sleep 2; send "$tag"; wait
}

capture usec tcpdump -i lo -c 3 -w tcpdump-lo-usec.pcap 'udp port 40999'
capture nsec tcpdump --time-stamp-precision=nano -i lo -c 3 -w tcpdump-lo-nsec.pcap 'udp port 40999'
capture dumpcap dumpcap -i lo -f 'udp port 40999' -c 3 -w dumpcap-lo.pcapng
capture any tcpdump -i any -c 1 -w tcpdump-any-sll2.pcap 'udp port 40999'   # LINUX_SLL2 (276)

# Raw IP from the Ethernet capture: cut the 14-byte Ethernet header off each packet (editcap
# keeps the original lengths) and relabel the link type.
editcap -F pcap -C 14 -T rawip4 tcpdump-lo-usec.pcap editcap-ipv4.pcap      # LINKTYPE_IPV4 (228)
editcap -F pcapng -C 14 -T rawip tcpdump-lo-usec.pcap editcap-raw.pcapng    # LINKTYPE_RAW (101)

# One IPv4/UDP packet under a link type this package does not read (147, a user DLT).
printf '0000 45 00 00 1c 00 01 00 00 40 11 7c ce 7f 00 00 01 7f 00 00 01 a0 28 a0 27 00 08 00 00\n' > one.txt
text2pcap -q -F pcap -l 147 one.txt text2pcap-linktype147.pcap
rm one.txt

# Big-endian files with fixed timestamps (classic pcap in microseconds and nanoseconds; pcapng
# with an EPB carrying a comment option, an SPB and a truncated EPB).
"$PYTHON" scapy-captures.py
