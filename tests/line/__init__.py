"""Line mode: plain lines against a real relay."""
