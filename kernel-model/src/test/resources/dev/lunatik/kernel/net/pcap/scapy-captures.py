# Writes the scapy-made test captures (scapy 2.5.0, Debian's python3-scapy).
from scapy.all import Ether, IP, UDP, raw
from scapy.utils import RawPcapWriter, RawPcapNgWriter

def frame(text, sport):
    return raw(Ether(dst="02:00:00:00:00:02", src="02:00:00:00:00:01")
               / IP(src="10.0.0.1", dst="10.0.0.2", id=7) / UDP(sport=sport, dport=5678) / text.encode())

a = frame("scapy big-endian one", 1111)
b = frame("scapy big-endian two, cut to 40 bytes", 2222)

w = RawPcapWriter("scapy-be-usec.pcap", linktype=1, endianness=">")
w._write_header(None)  # write_packet() alone leaves the file header out
w.write_packet(a, sec=1700000000, usec=123456)
w.write_packet(b[:40], sec=1700000001, usec=999999, wirelen=len(b))
w.close()

w = RawPcapWriter("scapy-be-nsec.pcap", linktype=1, endianness=">", nano=True)
w._write_header(None)  # write_packet() alone leaves the file header out
w.write_packet(a, sec=1700000000, usec=123456789)
w.write_packet(b[:40], sec=1700000001, usec=999999999, wirelen=len(b))
w.close()

# pcapng in big-endian: scapy writes little-endian by default; its block
# encoder takes the byte order from these two attributes.
w = RawPcapNgWriter("scapy-be.pcapng")
w.endian = ">"
w.endian_magic = b"\x1a\x2b\x3c\x4d"
w._write_header(None)
w._write_block_epb(a, timestamp=1700000002.5, comment=b"an EPB with a comment option")
w._write_block_spb(frame("simple packet block", 3333))
w._write_block_epb(b[:40], timestamp=1700000003.25, caplen=40, orglen=len(b))
w.close()
print(len(a), len(b), len(frame("simple packet block", 3333)))
